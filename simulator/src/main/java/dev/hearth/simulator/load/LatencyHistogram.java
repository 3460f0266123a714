package dev.hearth.simulator.load;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds, in fixed memory whatever the run's length: exact below 2 ms, then
 * 1024 buckets per power of two (0.1 % precision). Written from many MQTT threads at once.
 */
final class LatencyHistogram {
    private static final int LINEAR = 2048;
    private static final int SUB_BITS = 10;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_EXPONENT = 42; // ~50 days in µs: nothing outlives that

    private final AtomicLongArray counts = new AtomicLongArray(LINEAR + (MAX_EXPONENT - 10) * SUB);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    void record(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        counts.incrementAndGet(index(micros));
        total.incrementAndGet();
        max.accumulateAndGet(micros, Math::max);
    }

    long count() {
        return total.get();
    }

    /** The latency below which {@code fraction} of the recorded ones fall (bucket lower bound). */
    Optional<Duration> percentile(double fraction) {
        long n = total.get();
        if (n == 0) {
            return Optional.empty();
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * n));
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Optional.of(Duration.ofNanos(Math.min(lowerBound(i), max.get()) * 1_000));
            }
        }
        return max();
    }

    Optional<Duration> max() {
        return total.get() == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(max.get() * 1_000));
    }

    static int index(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        int exponent = Math.min(63 - Long.numberOfLeadingZeros(micros), MAX_EXPONENT);
        long sub = (micros >> (exponent - SUB_BITS)) & (SUB - 1);
        return LINEAR + (exponent - 11) * SUB + (int) sub;
    }

    static long lowerBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = (index - LINEAR) / SUB + 11;
        long sub = (index - LINEAR) % SUB;
        return (1L << exponent) + (sub << (exponent - SUB_BITS));
    }
}
