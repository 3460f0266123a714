package dev.hearth.device.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code min}, capped at {@code max}, with "equal jitter" (a
 * random point in the upper half of the step), so that a hundred devices that lost the hub at the
 * same moment do not all knock again in the same millisecond. Never below {@code min}.
 */
record Backoff(Duration min, Duration max, DoubleSupplier random) {
    Backoff {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("reconnect delays need 0 < min <= max, were " + min + " and " + max);
        }
    }

    /** The pause before attempt {@code attempt} (1 for the first after a loss). */
    Duration delay(int attempt) {
        long minMs = min.toMillis();
        long maxMs = max.toMillis();
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long step = Math.min(maxMs, minMs << doublings);
        if (step < 0) {
            step = maxMs;
        }
        long jittered = step / 2 + (long) (random.getAsDouble() * (step - step / 2));
        return Duration.ofMillis(Math.max(minMs, Math.min(maxMs, jittered)));
    }
}
