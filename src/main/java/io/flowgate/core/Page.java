package io.flowgate.core;

import java.util.List;

/** A page of results and the cursor of the next page (null on the last page). */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }
}
