package io.flowgate.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
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
 * the {@link Tx} it is given</b>.
 *
 * <p><b>The lock rule: no deadlock between nodes, by construction.</b> Several nodes (or writer
 * threads) write one PostgreSQL database; a transaction that waits for a row lock while holding
 * others can close a cycle. Every row lock is therefore taken in one global order, the order of
 * {@link LockOrder} keys (kind first — schedules, events, executions, deliveries, idempotency
 * claims — then id, compared as Java strings), and a row's child rows (an execution's steps and
 * waits, a delivery's attempts) are locked only while holding the row itself. Units come in two
 * kinds:
 * <ul>
 *   <li><b>batched</b> ({@link #write(String, Function)}): the unit may wait for at most one
 *   existing row, its key (e.g. the execution it holds by lease, guarded by its owner in the
 *   same statement), plus that row's children; everything else it writes has a fresh unique id
 *   or is taken with {@code SKIP LOCKED}, which never waits. A unit with no key never waits at
 *   all ({@link #write(Function)}). A batch runs its keyed units in ascending key order and its
 *   keyless units last, so every wait of a batch comes in ascending key order.</li>
 *   <li><b>shared</b> ({@link #writeShared(Function)}): the unit may wait for several existing
 *   rows (another node's run, an event's waiting runs, a schedule and its timer, a dedupe key two
 *   nodes may insert). It must lock them in ascending key order before writing their children
 *   (see {@link LockOrder}). On PostgreSQL it runs in a transaction of its own; SQLite has one
 *   writer, no lock waits, and keeps batching everything.</li>
 * </ul>
 * Every transaction then waits for rows in ascending key order only, so no wait-for cycle can
 * form. The rule is checked where it can be: on PostgreSQL the keyless tail of a batch runs under
 * {@code SET LOCAL lock_timeout} ({@link #KEYLESS_LOCK_TIMEOUT}), so a keyless unit that does wait
 * fails loudly (SQLState 55P03) instead of joining a possible cycle. A deadlock or serialization failure (SQLState class 40) is still retried a few times
 * before the unit is blamed, and counted ({@link #transientRetries()}): a count above zero means
 * a unit broke the rule.
 *
 * <p>Writer loops never die: an unexpected error fails the units of that batch and the loop
 * goes on. {@link #close()} commits everything queued before it, then stops the writers.
 */
public final class GroupCommitter implements AutoCloseable {
    public static final int DEFAULT_MAX_BATCH = 512;
    private static final int TRANSIENT_RETRIES = 3;
    /** PostgreSQL ended the session for idling in a transaction: that transaction is known not to have committed. */
    private static final String IDLE_TRANSACTION_ENDED = "25P03";
    /** A keyless unit must never wait for a row lock; one that does fails after this long. */
    static final String KEYLESS_LOCK_TIMEOUT = "2s";
    /** After a full disk, how much more free space means there is room again (a few batches' worth of WAL). */
    static final long ROOM_AGAIN = 1024 * 1024;
    /**
     * After a full disk, commits this long after the last refused write also mean there is room again: deletes
     * (retention, an operator's cleanup) can free pages inside the database file that new rows then reuse, while
     * the file system itself never regains {@link #ROOM_AGAIN}.
     */
    static final Duration FULL_DISK_QUIET = Duration.ofSeconds(30);
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
    /** The last write that failed for want of the database, and when; and when a batch last committed. */
    private volatile StoreException lastUnavailable;
    private volatile long lastUnavailableNanos;
    private volatile long lastCommitNanos = System.nanoTime();
    /** Free bytes on the database's file system (SQLite), or null; and how many there were at the last full disk. */
    private volatile LongSupplier freeSpace;
    private volatile long freeWhenFull = -1;
    private volatile long fullDiskQuietNanos = FULL_DISK_QUIET.toNanos();
    private final AtomicLong transientRetries = new AtomicLong();
    private final boolean rowLocks;
    private final boolean reuseStatements;
    /** Per driver connection; a connection the pool retired is forgotten when a new one first writes. */
    private final Map<Connection, WriterStatements> statements = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Starts {@code writerCount} writer threads, each borrowing connections from {@code writePool}. */
    public GroupCommitter(DataSource writePool, int writerCount, int maxBatch, CommitListener listener) {
        this(writePool, writerCount, maxBatch, listener, true);
    }

    /**
     * As above; {@code rowLocks} says other connections may hold row locks (PostgreSQL): then each
     * {@link #writeShared shared} unit runs in a transaction of its own and keyless units may not wait.
     */
    public GroupCommitter(DataSource writePool, int writerCount, int maxBatch, CommitListener listener,
                          boolean rowLocks) {
        this(writePool, writerCount, maxBatch, listener, rowLocks, false);
    }

    /**
     * As above; {@code reuseStatements}: each writer connection keeps its statements prepared across batches
     * ({@link WriterStatements}; SQLite's one writer connection).
     */
    public GroupCommitter(DataSource writePool, int writerCount, int maxBatch, CommitListener listener,
                          boolean rowLocks, boolean reuseStatements) {
        if (writerCount < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("writers and maxBatch must be >= 1");
        }
        this.pool = writePool;
        this.maxBatch = maxBatch;
        this.listener = listener == null ? CommitListener.NONE : listener;
        this.rowLocks = rowLocks;
        this.reuseStatements = reuseStatements;
        for (int i = 0; i < writerCount; i++) {
            Thread t = Thread.ofPlatform().daemon().name("flowgate-writer-" + i).unstarted(this::loop);
            writers.add(t);
            writerThreads.add(t);
        }
        writers.forEach(Thread::start);
    }

    /**
     * A batched unit that waits for no existing row lock: it writes rows with fresh unique ids, or
     * takes rows with {@code SKIP LOCKED}. Returns its result once its transaction is committed.
     * Exceptions the unit throws reach this caller only; nothing of that unit is written.
     */
    public <T> T write(Function<Tx, T> work) {
        return submit(new Pending<>(work, null, false));
    }

    /**
     * A batched unit that may wait for one existing row, {@code lockKey} (a {@link LockOrder} key),
     * and that row's children; nothing else it writes may be locked by anyone else.
     */
    public <T> T write(String lockKey, Function<Tx, T> work) {
        return submit(new Pending<>(work, lockKey, false));
    }

    /**
     * A unit that may wait for several existing rows; it locks them in ascending {@link LockOrder}
     * first. Runs in a transaction of its own where other connections hold locks (PostgreSQL).
     */
    public <T> T writeShared(Function<Tx, T> work) {
        return submit(new Pending<>(work, null, true));
    }

    private <T> T submit(Pending<T> pending) {
        if (writerThreads.contains(Thread.currentThread())) {
            throw new IllegalStateException("A write unit cannot submit another write: it would wait for itself");
        }
        if (closed) {
            throw new StoreException("The store is closed");
        }
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

    /** Batches rolled back and run again after a deadlock or serialization failure (SQLState class 40). */
    public long transientRetries() {
        return transientRetries.get();
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
            for (List<Pending<?>> tx : transactions(batch)) {
                try {
                    commit(tx);
                } catch (Throwable t) {
                    LOG.error("Writer failed a batch of {} units", tx.size(), t);
                    StoreException failure = new StoreException("Write failed: " + t, null, t);
                    tx.forEach(p -> p.fail(failure));
                }
            }
            batch.clear();
        }
    }

    /**
     * The lock rule in action: keyed units in ascending key order, then the keyless ones (which never
     * wait); shared units each alone when {@code rowLocks}, else in place of a keyless unit.
     */
    private List<List<Pending<?>>> transactions(List<Pending<?>> drained) {
        List<Pending<?>> keyed = new ArrayList<>();
        List<Pending<?>> keyless = new ArrayList<>();
        List<List<Pending<?>>> out = new ArrayList<>();
        for (Pending<?> p : drained) {
            if (p.shared && rowLocks) {
                out.add(List.of(p));
            } else if (p.lockKey != null) {
                keyed.add(p);
            } else {
                keyless.add(p);
            }
        }
        if (!keyed.isEmpty() || !keyless.isEmpty()) {
            keyed.sort(Comparator.comparing(p -> p.lockKey));
            keyed.addAll(keyless);
            out.addFirst(keyed);
        }
        return out;
    }

    private void commit(List<Pending<?>> batch) {
        List<Pending<?>> live = new ArrayList<>(batch);
        int retries = 0;
        while (!live.isEmpty()) {
            long start = System.nanoTime();
            boolean committing = false;
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                Tx tx = new Tx(c, statementsOf(c));
                Pending<?> failed = null;
                RuntimeException failure = null;
                boolean mayWait = true;
                for (Pending<?> p : live) {
                    try {
                        if (mayWait && rowLocks && p.lockKey == null && !p.shared) {
                            tx.execute("SET LOCAL lock_timeout = '" + KEYLESS_LOCK_TIMEOUT + "'");
                            mayWait = false;
                        }
                        p.run(tx);
                    } catch (RuntimeException e) {
                        failed = p;
                        failure = e;
                        break;
                    }
                }
                if (failed == null) {
                    tx.sendSignals(signals); // NOTIFY inside the transaction: delivered only if it commits
                    committing = true;
                    c.commit();
                    long nanos = System.nanoTime() - start;
                    commits.incrementAndGet();
                    lastCommitNanos = System.nanoTime();
                    unitsCommitted.addAndGet(live.size());
                    live.forEach(Pending::complete);
                    notifyListener(live.size(), nanos);
                    return;
                }
                if (failure instanceof StoreException se && se.connectionLost() && retries++ < TRANSIENT_RETRIES) {
                    // The connection died under a statement (a restart, a cut, the server ending a frozen node's
                    // transaction): nothing was committed. Closing it hands it back to the pool as broken.
                    transientRetries.incrementAndGet();
                    LOG.warn("Connection lost before a batch of {} units committed ({}), running it again",
                            live.size(), failure.getMessage());
                    continue;
                }
                c.rollback();
                if (isTransient(failure) && retries++ < TRANSIENT_RETRIES) {
                    transientRetries.incrementAndGet();
                    LOG.warn("Batch of {} units rolled back by PostgreSQL ({}), running it again", live.size(),
                            failure.getMessage());
                    continue;
                }
                live.remove(failed);
                noteFailure(failure);
                failed.fail(failure);
            } catch (SQLException | RuntimeException e) {
                // No connection, or commit/rollback itself failed: nobody in this batch is durable.
                StoreException failure = e instanceof StoreException se ? se
                        : new StoreException("Commit failed: " + e.getMessage(), null, e);
                // A connection cut before the commit was sent (the server ended an idle transaction of a node that
                // was frozen, a restart, a network drop) lost nothing that can have been committed: run the batch
                // again on a new connection. Once the commit was sent its outcome is unknown, so the callers hear
                // of it (as 503: they retry, with their idempotency keys).
                boolean endedByServer = IDLE_TRANSACTION_ENDED.equals(failure.sqlState()); // before our commit
                if ((!committing || endedByServer) && failure.connectionLost() && retries++ < TRANSIENT_RETRIES) {
                    transientRetries.incrementAndGet();
                    LOG.warn("Connection lost before a batch of {} units committed ({}), running it again",
                            live.size(), e.getMessage());
                    continue;
                }
                noteFailure(failure);
                live.forEach(p -> p.fail(failure));
                return;
            }
        }
    }

    private void noteFailure(RuntimeException failure) {
        if (failure instanceof StoreException se && se.unavailable()) {
            noteUnavailable(se);
        }
    }

    /**
     * A read or write that failed for want of the database: the node reads as unavailable until a commit; after a
     * full disk, also until the file system has at least {@link #ROOM_AGAIN} more free bytes than it had then, or
     * a commit comes {@link #FULL_DISK_QUIET} after the last refused write.
     */
    void noteUnavailable(StoreException e) {
        LongSupplier free = freeSpace;
        freeWhenFull = e.diskFull() && free != null ? free.getAsLong() : -1;
        lastUnavailable = e;
        lastUnavailableNanos = System.nanoTime();
    }

    /**
     * Where the database is a file (SQLite): how many bytes its file system has free. A full disk still lets
     * commits through that only rewrite pages the files already hold (a run's steps, heartbeats), so a commit
     * alone does not mean the node can take new work again.
     */
    public void watchFreeSpace(LongSupplier usableBytes) {
        this.freeSpace = usableBytes;
    }

    /** Tests shorten {@link #FULL_DISK_QUIET}. */
    void fullDiskQuiet(Duration quiet) {
        this.fullDiskQuietNanos = quiet.toNanos();
    }

    /**
     * Why this node cannot write, while its last read or write failed for want of the database (disk full,
     * connection lost, busy past its timeouts) and no batch has committed since; empty otherwise. The node's own periodic
     * writes (heartbeats, lease renewals) clear it once the database takes writes again.
     */
    public java.util.Optional<String> unavailableReason() {
        StoreException last = lastUnavailable;
        long committedSince = lastCommitNanos - lastUnavailableNanos;
        if (last == null || committedSince > 0 && roomAgain(committedSince)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(last.reason());
    }

    /** {@code committedSince}: how long after the last failure the last commit came. */
    private boolean roomAgain(long committedSince) {
        long then = freeWhenFull;
        LongSupplier free = freeSpace;
        return then < 0 || free == null || committedSince >= fullDiskQuietNanos
                || free.getAsLong() >= then + ROOM_AGAIN;
    }

    private WriterStatements statementsOf(Connection pooled) throws SQLException {
        if (!reuseStatements) {
            return null;
        }
        Connection driver = pooled.unwrap(Connection.class); // the pool's wrapper would close them on its return
        WriterStatements known = statements.get(driver);
        if (known == null) {
            statements.keySet().removeIf(GroupCommitter::isClosed);
            known = new WriterStatements(driver);
            statements.put(driver, known);
        }
        return known;
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
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
        private final String lockKey;
        private final boolean shared;
        private final CompletableFuture<T> done = new CompletableFuture<>();
        private T result;

        Pending(Function<Tx, T> work, String lockKey, boolean shared) {
            this.work = work;
            this.lockKey = lockKey;
            this.shared = shared;
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
