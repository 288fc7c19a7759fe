package io.flowgate.expr;

import io.flowgate.core.FlowgateException;

/** An expression did not compile or failed while evaluating; the message is meant for the user. */
public class ExpressionException extends FlowgateException {
    public ExpressionException(String message, Throwable cause) {
        super("expression_error", message, java.util.Map.of(), cause);
    }
}
