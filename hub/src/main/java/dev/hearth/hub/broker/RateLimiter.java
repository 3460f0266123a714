package dev.hearth.hub.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per device: {@code rate} messages a second on average, bursts up to twice that.
 * A device over its limit has its publishes refused (and counted), not the hub slowed down.
 */
final class RateLimiter {
    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** {@code rate} 0 means no limit. */
    RateLimiter(int rate, LongSupplier nanoTime) {
        this.ratePerNano = rate / 1e9;
        this.burst = 2.0 * rate;
        this.nanoTime = nanoTime;
    }

    boolean tryAcquire(String deviceId) {
        if (ratePerNano == 0) {
            return true;
        }
        return buckets.computeIfAbsent(deviceId, id -> new Bucket(burst, nanoTime.getAsLong())).tryAcquire();
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized boolean tryAcquire() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
