package dev.hearth.hub.broker;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts authenticated connections so that the hub refuses more than its limit, cleanly. */
final class OpenConnections {
    private final int limit;
    private final AtomicInteger open = new AtomicInteger();

    OpenConnections(int limit) {
        this.limit = limit;
    }

    boolean tryOpen() {
        while (true) {
            int now = open.get();
            if (now >= limit) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void closed() {
        open.updateAndGet(now -> Math.max(0, now - 1));
    }

    int open() {
        return open.get();
    }
}
