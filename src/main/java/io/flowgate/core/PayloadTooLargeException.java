package io.flowgate.core;

import java.util.Map;

/** A request body exceeded the configured limit ({@code maxBytes}). */
public class PayloadTooLargeException extends FlowgateException {
    public PayloadTooLargeException(long maxBytes) {
        super("payload_too_large", "The request body is larger than the limit of " + maxBytes + " bytes",
                Map.of("maxBytes", maxBytes), null);
    }
}
