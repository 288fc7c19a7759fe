package io.flowgate.broker;

import java.util.Locale;

/** Where a source's subscription stands on this node. */
public enum SourceState {
    CONNECTING, CONNECTED, ERROR, STOPPED,
    /** A single-consumer source that another node holds by lease; this node takes it over if that one dies. */
    STANDBY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
