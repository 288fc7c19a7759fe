package io.flowgate.broker;

/** A one-line reason for a failure, from the exception and its causes (clients wrap the useful part). */
public final class Reasons {
    private static final int MAX = 300;

    private Reasons() {}

    public static String of(Throwable e) {
        StringBuilder out = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            String part = m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
            if (out.indexOf(part) < 0) {
                if (!out.isEmpty()) {
                    out.append(": ");
                }
                out.append(part);
            }
        }
        String text = out.toString().replaceAll("\\s+", " ");
        return text.length() > MAX ? text.substring(0, MAX) + "…" : text;
    }
}
