package dev.hearth.hub.memory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the heap that a burst grew back to the machine once the hub is quiet again, by asking for one
 * full collection: the serial collector shrinks the heap only then (deploy/hearth.jvm lets it shrink
 * at once, to 40 % free, with {@code -XX:-ShrinkHeapInSteps}), and a quiet hub has no reason to run one.
 *
 * <p>Why: after the benchmark's floods the heap stayed at 180 of 256 MiB committed with 30 MiB live,
 * and the RSS with it, on a Raspberry Pi whose other programs want the memory back. One full
 * collection of a quiet hub's 30 MiB takes a few milliseconds here, tens on a Pi. It is asked for once
 * a burst is over (collections ran, then none for two checks: nothing allocates), at most once a
 * minute, and only when the heap committed is 32 MiB more than the last one asked for left it. What
 * the collections during a burst found live says nothing here: a backlog was live then.
 */
public final class HeapGiveBack implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(HeapGiveBack.class);
    static final long SLACK_BYTES = 32L << 20;
    static final int QUIET_CHECKS = 2;
    static final long AT_MOST_EVERY_NANOS = 60_000_000_000L;

    private final LongSupplier committedBytes;
    private final LongSupplier collections;
    private final Runnable collect;
    private final LongSupplier nanoTime;
    private long collectionsSeen = -1;
    private boolean burst;
    private int quietChecks;
    /** A minute before the first check: the first burst's heap may go back at once. */
    private long lastGiveBack;
    private long committedAfterGiveBack;

    /** The running JVM's heap. */
    public HeapGiveBack() {
        this(() -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted(), HeapGiveBack::collections,
                System::gc, System::nanoTime);
    }

    HeapGiveBack(LongSupplier committedBytes, LongSupplier collections, Runnable collect, LongSupplier nanoTime) {
        this.committedBytes = committedBytes;
        this.collections = collections;
        this.collect = collect;
        this.nanoTime = nanoTime;
        this.lastGiveBack = nanoTime.getAsLong() - AT_MOST_EVERY_NANOS;
    }

    /** Run every few seconds. */
    @Override
    public void run() {
        long count = collections.getAsLong();
        if (count != collectionsSeen) {
            collectionsSeen = count;
            burst = true;
            quietChecks = 0;
            return;
        }
        long now = nanoTime.getAsLong();
        if (!burst || ++quietChecks < QUIET_CHECKS || now - lastGiveBack < AT_MOST_EVERY_NANOS) {
            return;
        }
        burst = false;
        long committed = committedBytes.getAsLong();
        if (committed - committedAfterGiveBack > SLACK_BYTES) {
            collect.run();
            lastGiveBack = now;
            committedAfterGiveBack = committedBytes.getAsLong();
            collectionsSeen = collections.getAsLong(); // its own collection is no burst
            LOG.debug("quiet after a burst: the heap's {} MiB committed are {} MiB after a full collection",
                    committed >> 20, committedAfterGiveBack >> 20);
        }
    }

    private static long collections() {
        long count = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
        }
        return count;
    }
}
