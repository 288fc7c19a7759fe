package io.flowgate.core;

import java.time.Duration;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * Works off a backlog of deletions in bounded batches without starving what they share a writer with: runs a
 * batch until one comes back short, resting between batches as long as the last one took (at least a minimum).
 * Behind at a high rate, the batches then take about half of the writer's time and the node's own writes the
 * rest, instead of one long write holding every request behind it (retention, the webhook request log).
 */
public final class Backlog {
    private Backlog() {}

    /**
     * @param size  the most rows one batch deletes; a batch that deletes fewer ends the drain
     * @param batch deletes at most {@code size} rows, returns how many
     * @param each  told each batch's count as it ends
     * @return rows deleted in all
     */
    public static int drain(int size, Duration minRest, IntSupplier batch, IntConsumer each)
            throws InterruptedException {
        int total = 0;
        while (true) {
            long started = System.nanoTime();
            int n = batch.getAsInt();
            long took = System.nanoTime() - started;
            total += n;
            each.accept(n);
            if (n < size) {
                return total;
            }
            long rest = Math.max(minRest.toNanos(), took);
            if (rest > 0) {
                Thread.sleep(Duration.ofNanos(rest));
            }
        }
    }
}
