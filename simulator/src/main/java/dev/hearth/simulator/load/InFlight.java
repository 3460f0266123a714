package dev.hearth.simulator.load;

import java.util.concurrent.Semaphore;

/**
 * One connection's publishes in flight, capped (HiveMQ's receive maximum is 10, and Paho queues QoS 0 without
 * bound), and what came of each: acknowledged with its latency, or failed, in the run's {@link LoadStats}.
 */
final class InFlight {
    static final int MAX_IN_FLIGHT = 8;

    private final Semaphore permits = new Semaphore(MAX_IN_FLIGHT);
    private final LoadStats stats;
    private final String login;

    InFlight(LoadStats stats, String login) {
        this.stats = stats;
        this.login = login;
    }

    /** A permit for one more publish, counted as sent; false when the window is full. */
    boolean begin() {
        if (!permits.tryAcquire()) {
            return false;
        }
        stats.sent.incrementAndGet();
        return true;
    }

    void acknowledged(long startNanos, int qos) {
        permits.release();
        if (qos > 0) {
            stats.acknowledged.incrementAndGet();
            stats.latency.record(System.nanoTime() - startNanos);
        }
    }

    void failed(String why) {
        permits.release();
        stats.failed.incrementAndGet();
        stats.error(login + ": " + why);
    }
}
