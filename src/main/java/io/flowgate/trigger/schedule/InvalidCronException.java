package io.flowgate.trigger.schedule;

/** A cron expression that cannot be parsed; {@link #field()} names the part to fix (e.g. {@code minute}). */
public final class InvalidCronException extends IllegalArgumentException {
    private final String field;

    public InvalidCronException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
