package io.flowgate.core;

/** A thing the caller named does not exist (or the caller may not know that it does). */
public class NotFoundException extends FlowgateException {
    public NotFoundException(String what, String id) {
        super(what.replace(' ', '_') + "_not_found", capitalize(what) + " '" + id + "' was not found");
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
