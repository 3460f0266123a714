package dev.hearth.hub.broker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the heap is nearly full, as RabbitMQ's memory high watermark: then the broker takes no
 * QoS 0 publish in (each is refused, counted as {@code overloaded}) until it is below again.
 *
 * <p>Why: QoS 0 has no flow control. Offered faster than the hub can take them in, publishes wait in
 * HiveMQ's queue for the inbound interceptor, which has no bound and which an extension cannot see;
 * at 64,000 msg/s from 10 devices without a rate limit the heap filled and the hub died of
 * OutOfMemoryError. A refusal costs a fraction of taking a message in, so the queue drains. QoS 1 is
 * not refused: each device has at most its receive maximum in flight, which bounds it already.
 * Checked by a timer, not per message: reading the heap's usage is a call into the JVM.
 */
public final class HeapWatermark implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(HeapWatermark.class);
    /** Of the heap's maximum; garbage counts too, so a full collection may end an alarm at once. */
    static final double HIGH = 0.85;
    /** Below this again ends an alarm: a gap so that it does not flap at every collection. */
    static final double LOW = 0.70;

    private final Supplier<MemoryUsage> heap;
    private volatile boolean high;

    public HeapWatermark() {
        this(ManagementFactory.getMemoryMXBean()::getHeapMemoryUsage);
    }

    HeapWatermark(Supplier<MemoryUsage> heap) {
        this.heap = heap;
    }

    /** True while the heap is over its high watermark. */
    public boolean high() {
        return high;
    }

    /** Reads the heap's usage; run every few hundred milliseconds. */
    @Override
    public void run() {
        MemoryUsage usage = heap.get();
        long max = usage.getMax() > 0 ? usage.getMax() : usage.getCommitted();
        double used = (double) usage.getUsed() / max;
        if (!high && used >= HIGH) {
            high = true;
            LOG.warn("heap {} % full: refusing QoS 0 publishes (counted as overloaded) until it is below {} %",
                    Math.round(100 * used), Math.round(100 * LOW));
        } else if (high && used < LOW) {
            high = false;
            LOG.info("heap {} % full: taking QoS 0 publishes again", Math.round(100 * used));
        }
    }
}
