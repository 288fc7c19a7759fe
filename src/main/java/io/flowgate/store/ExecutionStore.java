package io.flowgate.store;

import io.flowgate.core.Page;
import io.flowgate.engine.ExecutionQuery;
import io.flowgate.engine.Execution;
import io.flowgate.engine.SideWrite;
import io.flowgate.engine.StepRun;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable executions and their steps. Every write method returns only once its change is
 * committed to disk (fsync'ed); implementations share commits between concurrent callers
 * (group commit) so that throughput is not capped by the disk's fsync rate.
 */
public interface ExecutionStore {

    /**
     * Inserts a new execution and its initial step rows, owned by {@code owner} until
     * {@code leaseUntil} (null owner: unowned, any node may claim it). Durable on return.
     */
    void insert(Execution execution, List<StepRun> steps, String owner, Instant leaseUntil);

    /**
     * Like {@link #insert} for executions without steps, all in one commit, leaving out every one whose id
     * already exists; returns the ids inserted. Schedules derive ids from (schedule, slot), so this is what
     * makes a slot fire once across nodes and restarts.
     */
    java.util.Set<String> insertIfAbsent(List<Execution> executions, String owner, Instant leaseUntil);

    /**
     * Inserts as {@link #insert(Execution, List, String, Instant)} does, writing {@code with} in the same
     * commit, before the execution. A side write may decline (a taken idempotency key): then nothing of
     * this call is written and the answer is false.
     */
    boolean insert(Execution execution, List<StepRun> steps, String owner, Instant leaseUntil, List<SideWrite> with);

    /** Applies {@code t} atomically if its guard holds; false when it no longer applies (lost lease, cancelled). */
    boolean apply(Transition t);

    Optional<Execution> find(String id);

    /** Step rows of one execution, in definition order. */
    List<StepRun> steps(String executionId);

    /** Newest first; see {@link ExecutionQuery}. */
    Page<Execution> list(ExecutionQuery query);

    /**
     * Claims up to {@code limit} executions that need a worker: non-terminal, not waiting (or
     * waiting with {@code wakeAt <= now}), and either unowned or with a lease that expired
     * before {@code now}. Sets owner and lease. Losing a race to another node is normal: those
     * rows are simply not returned.
     */
    List<Claimed> claim(String owner, Instant now, Instant leaseUntil, int limit);

    /** A claimed execution; {@code deferred}: it has not started and waits for its start gate (a schedule slot). */
    record Claimed(String id, boolean deferred) {}

    /** Claims one execution by id if it is claimable as defined by {@link #claim}. */
    boolean claimOne(String executionId, String owner, Instant now, Instant leaseUntil);

    /** Extends every lease {@code owner} holds; returns how many. */
    int renewLeases(String owner, Instant leaseUntil);

    /** Gives up every lease {@code owner} holds (graceful shutdown): others may claim at once. */
    int releaseAll(String owner);

    /** Earliest {@code wakeAt} among waiting executions, for the timer to sleep until. */
    Optional<Instant> nextWakeAt();

    /**
     * Gives up {@code owner}'s lease on a deferred execution (waiting, not started) and sets its timer to
     * {@code wakeAt}; false if {@code owner} does not hold it.
     */
    boolean deferAgain(String executionId, String owner, Instant wakeAt);

    /**
     * Makes a waiting execution and its waiting steps due at {@code at} (used when a child run
     * ends, so its parent resumes at once); false if the execution is not waiting.
     */
    boolean wake(String executionId, Instant at);

    /**
     * Re-opens a finished execution (retry from a step): writes its new row and the reset step rows,
     * owned by {@code owner}, only if the stored version still equals {@code expectedVersion}.
     */
    boolean reopen(Execution execution, List<StepRun> steps, long expectedVersion, String owner, Instant leaseUntil);

    /** Executions not yet terminal, schedules' next-slot timers left out (queue depth metric). */
    long countActive();
}
