package io.flowgate.core;

import java.util.Map;

/** The caller sent something Flowgate cannot accept; the message says what to change. */
public class BadRequestException extends FlowgateException {
    public BadRequestException(String code, String message) {
        super(code, message);
    }

    public BadRequestException(String code, String message, Map<String, Object> details) {
        super(code, message, details, null);
    }
}
