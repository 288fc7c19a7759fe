package io.flowgate.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write goes through here. Callers (typically many virtual threads) hand in a unit of
 * work and block until it is committed; writer threads take whatever is queued (up to
 * {@code maxBatch} units), run it all in one transaction and commit once, so one fsync makes a
 * whole batch durable. This is what lets SQLite with {@code synchronous=FULL} take thousands of
 * writes per second.
 *
 * <p>One failing unit must not fail its neighbours. Instead of a SAVEPOINT per unit (on
 * PostgreSQL hundreds of subtransactions per transaction overflow the per-backend subxid cache
 * and slow every other session), a failure rolls the batch back and runs it again without the
 * failed unit. Hence the rule for units: <b>a unit may run more than once and must only touch
 * the {@link Tx} it is given</b>. A deadlock or serialization failure (SQLState class 40) is not
 * the unit's fault: the whole batch is retried a few times before the unit is blamed.
 *
 * <p>Writer loops never die: an unexpected error fails the units of that batch and the loop
 * goes on. {@link #close()} commits everything queued before it, then stops the writers.
 */
public final class GroupCommitter implements AutoCloseable {
    public static final int DEFAULT_MAX_BATCH = 512;
    private static final int TRANSIENT_RETRIES = 3;
    /** Bounds how long an idle writer takes to notice {@link #close()}; new work wakes it at once. */
    private static final long IDLE_POLL_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    /** Told about every commit, on the writer thread; must be quick (e.g. record a Micrometer timer). */
    @FunctionalInterface
    public interface CommitListener {
        void committed(int units, long nanos);

        CommitListener NONE = (units, nanos) -> {};
    }

    private final DataSource pool;
    private final int maxBatch;
    private final CommitListener listener;
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private final Set<Thread> writerThreads = ConcurrentHashMap.newKeySet();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong unitsCommitted = new AtomicLong();
    private volatile SignalSender signals = SignalSender.NONE;
    private volatile boolean closed;

    /** Starts {@code writerCount} writer threads, each borrowing connections from {@code writePool}. */
    public GroupCommitter(DataSource writePool, int writerCount, int maxBatch, CommitListener listener) {
        if (writerCount < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("writers and maxBatch must be >= 1");
        }
        this.pool = writePool;
        this.maxBatch = maxBatch;
        this.listener = listener == null ? CommitListener.NONE : listener;
        for (int i = 0; i < writerCount; i++) {
            Thread t = Thread.ofPlatform().daemon().name("flowgate-writer-" + i).unstarted(this::loop);
            writers.add(t);
            writerThreads.add(t);
        }
        writers.forEach(Thread::start);
    }

    /**
     * Runs {@code work} in a shared transaction and returns its result once that transaction is
     * committed. Exceptions the unit throws reach this caller only; nothing of that unit is written.
     */
    public <T> T write(Function<Tx, T> work) {
        if (writerThreads.contains(Thread.currentThread())) {
            throw new IllegalStateException("A write unit cannot submit another write: it would wait for itself");
        }
        if (closed) {
            throw new StoreException("The store is closed");
        }
        Pending<T> pending = new Pending<>(work);
        queue.add(pending);
        // close() may have finished draining between the check above and add(): take it back if still queued.
        if (closed && queue.remove(pending)) {
            throw new StoreException("The store is closed");
        }
        return pending.await();
    }

    /** From now on each transaction's signals go out through {@code sender}, just before its commit. */
    void sendSignalsWith(SignalSender sender) {
        this.signals = sender;
    }

    public long commits() {
        return commits.get();
    }

    public long unitsCommitted() {
        return unitsCommitted.get();
    }

    /** Units waiting for a writer (a saturation signal). */
    public int queued() {
        return queue.size();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Commits everything already queued, then stops the writers. Later writes are refused. */
    @Override
    public void close() {
        closed = true;
        boolean interrupted = false;
        for (Thread t : writers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        Pending<?> late;
        while ((late = queue.poll()) != null) {
            late.fail(new StoreException("The store is closed"));
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        while (true) {
            Pending<?> first;
            try {
                first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // Writers stop only through close(), after draining; an interrupt alone must not lose work.
                continue;
            }
            if (first == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            try {
                commit(batch);
            } catch (Throwable t) {
                LOG.error("Writer failed a batch of {} units", batch.size(), t);
                StoreException failure = new StoreException("Write failed: " + t, null, t);
                batch.forEach(p -> p.fail(failure));
            }
            batch.clear();
        }
    }

    private void commit(List<Pending<?>> batch) {
        List<Pending<?>> live = new ArrayList<>(batch);
        int transientRetries = 0;
        while (!live.isEmpty()) {
            long start = System.nanoTime();
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                Tx tx = new Tx(c);
                Pending<?> failed = null;
                RuntimeException failure = null;
                for (Pending<?> p : live) {
                    try {
                        p.run(tx);
                    } catch (RuntimeException e) {
                        failed = p;
                        failure = e;
                        break;
                    }
                }
                if (failed == null) {
                    tx.sendSignals(signals); // NOTIFY inside the transaction: delivered only if it commits
                    c.commit();
                    long nanos = System.nanoTime() - start;
                    commits.incrementAndGet();
                    unitsCommitted.addAndGet(live.size());
                    live.forEach(Pending::complete);
                    notifyListener(live.size(), nanos);
                    return;
                }
                c.rollback();
                if (isTransient(failure) && transientRetries++ < TRANSIENT_RETRIES) {
                    continue;
                }
                live.remove(failed);
                failed.fail(failure);
            } catch (SQLException | RuntimeException e) {
                // No connection, or commit/rollback itself failed: nobody in this batch is durable.
                StoreException failure = e instanceof StoreException se ? se
                        : new StoreException("Commit failed: " + e.getMessage(), null, e);
                live.forEach(p -> p.fail(failure));
                return;
            }
        }
    }

    private static boolean isTransient(RuntimeException e) {
        return e instanceof StoreException se && se.sqlState() != null && se.sqlState().startsWith("40");
    }

    private void notifyListener(int units, long nanos) {
        try {
            listener.committed(units, nanos);
        } catch (RuntimeException e) {
            LOG.warn("Commit listener failed", e);
        }
    }

    /** One caller's unit, its result once run, and the future the caller waits on. */
    private static final class Pending<T> {
        private final Function<Tx, T> work;
        private final CompletableFuture<T> done = new CompletableFuture<>();
        private T result;

        Pending(Function<Tx, T> work) {
            this.work = work;
        }

        void run(Tx tx) {
            result = work.apply(tx);
        }

        void complete() {
            done.complete(result);
        }

        void fail(RuntimeException e) {
            done.completeExceptionally(e);
        }

        T await() {
            try {
                return done.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new StoreException("Write failed: " + e.getCause(), null, e.getCause());
            }
        }
    }
}
