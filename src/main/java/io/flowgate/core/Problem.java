package io.flowgate.core;

/** One thing wrong with a document: where ({@code steps[1].output}) and what. */
public record Problem(String path, String message) {
    public static Problem at(String path, String message) {
        return new Problem(path, message);
    }
}
