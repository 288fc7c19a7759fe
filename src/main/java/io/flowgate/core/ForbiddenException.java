package io.flowgate.core;

/** The caller is known but its role or teams do not allow this action. */
public class ForbiddenException extends FlowgateException {
    public ForbiddenException(String message) {
        super("forbidden", message);
    }
}
