package dev.hearth.simulator.load;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters shared by the load devices' MQTT threads and the pacer. */
final class LoadStats {
    private static final int KEPT_ERRORS = 10;

    final AtomicLong sent = new AtomicLong();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger peakConnected = new AtomicInteger();
    final LatencyHistogram latency = new LatencyHistogram();
    private final List<String> firstErrors = new CopyOnWriteArrayList<>();

    void connected() {
        connected(1);
    }

    /** A login came in with its devices (a bridge speaks for several). */
    void connected(int devices) {
        peakConnected.accumulateAndGet(connected.addAndGet(devices), Math::max);
    }

    void disconnected() {
        disconnected(1);
    }

    void disconnected(int devices) {
        connected.addAndGet(-devices);
    }

    void error(String what) {
        errors.incrementAndGet();
        if (firstErrors.size() < KEPT_ERRORS) {
            firstErrors.add(what);
        }
    }

    List<String> firstErrors() {
        return List.copyOf(firstErrors);
    }

    /** Publishes whose outcome is known (acknowledged or failed). */
    long settled() {
        return acknowledged.get() + failed.get();
    }
}
