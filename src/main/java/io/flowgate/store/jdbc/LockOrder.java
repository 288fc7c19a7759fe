package io.flowgate.store.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one order in which every transaction takes row locks on PostgreSQL (the lock rule of
 * {@link GroupCommitter}): by kind — schedules, events, executions, deliveries, idempotency
 * claims, webhook request log entries, capture sessions — then by id as a Java string. Keys are compared as plain strings, so the kind is a
 * one-digit prefix. Child rows (an execution's steps and waits, a delivery's attempts) are locked
 * only while their parent row is held, so they need no key of their own.
 */
public final class LockOrder {
    private LockOrder() {}

    public static String execution(String id) {
        return "2:" + id;
    }

    public static String delivery(String id) {
        return "3:" + id;
    }

    public static String request(String id) {
        return "5:" + id;
    }

    /** A webhook capture session, by workflow key ({@code team/id}). */
    public static String capture(String workflowKey) {
        return "6:" + workflowKey;
    }

    public static String idempotency(String team, String workflowId, String key) {
        return "4:" + team + "\u0000" + workflowId + "\u0000" + key;
    }

    /** Distinct ids in ascending order: the order a shared unit locks several rows of one kind in. */
    public static List<String> ascending(Collection<String> ids) {
        return new ArrayList<>(new java.util.TreeSet<>(ids));
    }

    /**
     * Locks the execution rows that exist among {@code ids}, one statement each in ascending order
     * (an {@code ORDER BY} in SQL would sort by the database's collation, not by Java's order).
     * A no-op on SQLite, whose single writer takes no row locks.
     */
    static void lockExecutions(Tx tx, Dialect dialect, Collection<String> ids) {
        if (dialect.lockRow().isEmpty()) {
            return;
        }
        for (String id : ascending(ids)) {
            tx.query("SELECT id FROM executions WHERE id = ?" + dialect.lockRow(), r -> r.string("id"), id);
        }
    }
}
