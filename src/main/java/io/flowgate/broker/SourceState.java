package io.flowgate.broker;

import java.util.Locale;

/** Where a source's subscription stands on this node. */
public enum SourceState {
    CONNECTING, CONNECTED, ERROR, STOPPED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
