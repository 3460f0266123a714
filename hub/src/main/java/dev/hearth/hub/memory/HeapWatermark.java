package dev.hearth.hub.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the heap is nearly full of live data, as RabbitMQ's memory high watermark: then the broker
 * takes no QoS 0 publish in (each is refused, counted as {@code overloaded}) until it is below again.
 *
 * <p>Why: QoS 0 has no flow control. Offered faster than the hub can take them in, publishes wait in
 * HiveMQ's queue for the inbound interceptor, which has no bound and which an extension cannot see;
 * at 64,000 msg/s from 10 devices without a rate limit the heap filled and the hub died of
 * OutOfMemoryError. A refusal costs a fraction of taking a message in, so the queue drains. QoS 1 is
 * not refused: each device has at most its receive maximum in flight, which bounds it already.
 *
 * <p>It reads what the heap held after the last collections, not its usage now: garbage fills the old
 * generation between full collections at any busy rate, and counting it refused publishes under a load
 * the hub keeps up with. While high it asks for a full collection a second, so that it sees the end of a
 * flood even when nothing allocates any more. Checked by a timer, not per message.
 */
public final class HeapWatermark implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(HeapWatermark.class);
    /** Of the heap's maximum. */
    static final double HIGH = 0.85;
    /** Below this again ends an alarm: a gap so that it does not flap. */
    static final double LOW = 0.60;
    private static final long COLLECT_EVERY_NANOS = 1_000_000_000L;

    private final LongSupplier liveBytes;
    private final long maxBytes;
    private final Runnable collect;
    private final LongSupplier nanoTime;
    private volatile boolean high;
    private long lastCollect;

    public HeapWatermark() {
        this(HeapWatermark::liveAfterLastCollections, Runtime.getRuntime().maxMemory(), System::gc, System::nanoTime);
    }

    HeapWatermark(LongSupplier liveBytes, long maxBytes, Runnable collect, LongSupplier nanoTime) {
        this.liveBytes = liveBytes;
        this.maxBytes = maxBytes;
        this.collect = collect;
        this.nanoTime = nanoTime;
    }

    /** True while the heap is over its high watermark. */
    public boolean high() {
        return high;
    }

    /** Reads the heap; run every few hundred milliseconds. */
    @Override
    public void run() {
        if (high && nanoTime.getAsLong() - lastCollect >= COLLECT_EVERY_NANOS) {
            lastCollect = nanoTime.getAsLong();
            collect.run();
        }
        double used = (double) liveBytes.getAsLong() / maxBytes;
        if (!high && used >= HIGH) {
            high = true;
            lastCollect = nanoTime.getAsLong();
            LOG.warn("heap {} % full after collection: refusing QoS 0 publishes (counted as overloaded) until it is below {} %",
                    Math.round(100 * used), Math.round(100 * LOW));
        } else if (high && used < LOW) {
            high = false;
            LOG.info("heap {} % full after collection: taking QoS 0 publishes again", Math.round(100 * used));
        }
    }

    /** The heap's pools as their last collections left them: live data, without the garbage made since. */
    private static long liveAfterLastCollections() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }
}
