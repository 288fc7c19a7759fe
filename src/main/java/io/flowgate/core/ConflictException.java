package io.flowgate.core;

/** The request is well-formed but clashes with the current state (e.g. cancelling a finished run). */
public class ConflictException extends FlowgateException {
    public ConflictException(String code, String message) {
        super(code, message);
    }

    public ConflictException(String code, String message, java.util.Map<String, Object> details) {
        super(code, message, details, null);
    }
}
