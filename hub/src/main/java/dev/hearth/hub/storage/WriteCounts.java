package dev.hearth.hub.storage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage writer's figures, in rows: the writes of one acknowledged message count one each,
 * as they would offered alone. Counted apart from the writing, so that what metrics and tests
 * read changes without touching how batches are committed.
 */
final class WriteCounts {
    private static final Logger LOG = LoggerFactory.getLogger(WriteCounts.class);
    /** A full queue drops at the message rate: one warning this often is enough to be noticed. */
    private static final long DROP_WARNING_EVERY_MILLIS = 10_000;

    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private volatile long lastBatchMillis;
    private volatile long lastDropWarning;

    static int rows(Write write) {
        return write instanceof Write.Acknowledged unit ? unit.writes().size() : 1;
    }

    void offered(Write write) {
        offered.addAndGet(rows(write));
    }

    void dropped(Write write) {
        dropped.addAndGet(rows(write));
        long now = System.currentTimeMillis();
        if (now - lastDropWarning > DROP_WARNING_EVERY_MILLIS) {
            lastDropWarning = now;
            LOG.warn("storage cannot keep up: {} writes dropped so far (queue full)", dropped.get());
        }
    }

    void settled(List<Write> units, boolean committed) {
        (committed ? written : failed).addAndGet(units.stream().mapToInt(WriteCounts::rows).sum());
    }

    void batchTook(long millis) {
        batches.incrementAndGet();
        lastBatchMillis = millis;
    }

    void restarted() {
        restarts.incrementAndGet();
    }

    /** Waits until every row offered so far is written or failed. */
    boolean awaitSettled(Duration timeout) throws InterruptedException {
        long target = offered.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (written.get() + failed.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }

    StorageWriter.Stats stats(int queued) {
        return new StorageWriter.Stats(queued, written.get(), dropped.get(), failed.get(), lastBatchMillis, restarts.get(),
                batches.get());
    }
}
