package io.flowgate.delivery;

import io.flowgate.core.LeaseLoss;
import io.flowgate.core.OutboundPolicy;
import io.flowgate.core.Waiter;
import io.flowgate.store.Delivery;
import io.flowgate.store.DeliveryStatus;
import io.flowgate.store.DeliveryStore;
import io.flowgate.store.DeliveryStore.Result;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends outbound webhooks: claims due deliveries with a lease (SKIP LOCKED on PostgreSQL, so
 * several nodes share the work), sends each on a virtual thread in its endpoint's lane, records
 * the attempt and releases it. Woken at once when the engine commits new deliveries; otherwise
 * it sleeps until the next retry is due or the poll interval passes (other nodes' work, expired leases).
 */
public final class DeliveryWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final DeliveryStore store;
    private final DeliverySettings settings;
    private final Clock clock;
    private final Sender sender;
    private final Waiter wakeup = new Waiter();
    private final ExecutorService sends = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("delivery-", 0).factory());
    private final Lanes lanes;
    private final AtomicInteger held = new AtomicInteger();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("flowgate-delivery-leases").factory());
    private volatile LeaseLoss leaseLoss = LeaseLoss.NONE;
    private volatile boolean running;
    private volatile Instant plannedWake = Instant.MAX;
    private Thread loop;

    public DeliveryWorker(DeliveryStore store, SigningSecrets signing, HttpClient http, OutboundPolicy policy,
                          Supplier<Map<String, String>> secrets, Clock clock, DeliverySettings settings) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.sender = new Sender(http, policy, signing, secrets, clock, settings);
        this.lanes = new Lanes(settings.perEndpoint(), sends, this::send, wakeup::wake);
    }

    /**
     * Starts claiming. Claims from before a restart carry the earlier life's epoch: membership released them
     * when this node joined.
     */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        long renewEvery = Math.max(1, settings.lease().toMillis() / 3);
        housekeeping.scheduleWithFixedDelay(this::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        loop = Thread.ofPlatform().daemon().name("flowgate-delivery").start(this::run);
    }

    /** Who hears of attempts recorded too late, after another node took the delivery; set before start. */
    public void leaseLoss(LeaseLoss losses) {
        this.leaseLoss = losses;
    }

    /** New deliveries were committed: claim them now rather than at the next poll. */
    public void wake() {
        wakeup.wake();
    }

    private void run() {
        while (running) {
            try {
                int room = Math.min(settings.batch(), settings.maxInFlight() - held.get());
                List<String> busy = lanes.busy();
                int claimed = claimOnce(room, busy);
                if (claimed < room || room <= 0) {
                    wakeup.await(untilNextDue(busy.isEmpty()));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Delivery claim failed; trying again", e); // the loop never dies
                try {
                    wakeup.await(settings.pollInterval());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private int claimOnce(int room, List<String> busy) {
        if (room <= 0 || !running) {
            return 0;
        }
        Instant now = clock.instant();
        List<Delivery> due = store.claim(settings.token(), now, now.plus(settings.lease()), room, busy);
        held.addAndGet(due.size());
        due.forEach(lanes::submit);
        return due.size();
    }

    /**
     * How long to sleep after a claim that found less than it had room for. Due rows left over
     * belong to busy endpoints (or the cap was reached): their lanes wake the loop when they have
     * room, so only a later retry or the poll interval matters — never a spin on past-due rows.
     */
    private Duration untilNextDue(boolean noneBusy) {
        Instant now = clock.instant();
        Instant next = store.nextDue().orElse(Instant.MAX);
        if (!next.isAfter(now) && (!noneBusy || held.get() >= settings.maxInFlight())) {
            next = Instant.MAX;
        }
        Instant poll = now.plus(settings.pollInterval());
        Instant wake = next.isBefore(poll) ? next : poll;
        plannedWake = wake;
        return Duration.between(now, wake);
    }

    /**
     * Makes the attempt in the endpoint's lane, then records it on its own thread: the lane slot
     * bounds requests to the endpoint, not the wait for the commit (group commit shares it anyway).
     */
    private void send(Delivery d) {
        Result r;
        try {
            r = sender.attempt(d);
        } catch (RuntimeException e) {
            LOG.error("Attempt at delivery {} failed unexpectedly", d.id(), e);
            held.decrementAndGet(); // its lease runs out and it is claimed again
            return;
        }
        try {
            sends.execute(() -> record(d, r));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            record(d, r);
        }
    }

    private void record(Delivery d, Result r) {
        try {
            if (!store.finish(settings.token(), r)) {
                leaseLoss.lost(LeaseLoss.Kind.DELIVERY, d.id()); // taken over before its attempt was recorded
            }
            if (r.status() == DeliveryStatus.PENDING && r.nextAttemptAt().isBefore(plannedWake)) {
                wakeup.wake(); // a retry due before the loop planned to look again
            }
        } catch (RuntimeException e) {
            // The lease runs out and the delivery is claimed again: at-least-once, never lost.
            LOG.error("Recording delivery {} failed", d.id(), e);
        } finally {
            if (held.decrementAndGet() == settings.maxInFlight() / 2) {
                wakeup.wake(); // the loop stopped claiming at the cap: room for another batch
            }
        }
    }

    private void renewLeases() {
        try {
            store.renewLeases(settings.token(), clock.instant().plus(settings.lease()));
        } catch (RuntimeException e) {
            LOG.warn("Renewing delivery leases failed", e);
        }
    }

    /** Deliveries claimed and not yet recorded (sending or queued in a lane). */
    public int inFlight() {
        return held.get();
    }

    /** Stops claiming, lets running sends finish for a few seconds, then hands the rest back. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        wakeup.wake();
        try {
            loop.join(STOP_GRACE.toMillis());
            sends.shutdown();
            if (!sends.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                sends.shutdownNow();
                sends.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        housekeeping.shutdownNow();
        store.releaseAll(settings.token());
    }
}
