package io.flowgate.core;

import java.util.Map;

/**
 * Root of every error Flowgate raises on purpose. {@link #code()} is the stable snake_case
 * identifier clients see; {@link #details()} carries extra fields rendered next to it.
 */
public class FlowgateException extends RuntimeException {
    private final String code;
    private final Map<String, Object> details;

    public FlowgateException(String code, String message) {
        this(code, message, Map.of(), null);
    }

    public FlowgateException(String code, String message, Map<String, Object> details, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
