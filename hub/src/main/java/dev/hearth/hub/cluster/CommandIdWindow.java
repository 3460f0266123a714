package dev.hearth.hub.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The command ids this hub delivered, each remembered until its command expires ({@code issuedAt + timeout}): a
 * redelivery (a worker's task replayed after a failover writes the same id again) is dropped while it could still be
 * delivered, and a later one is dropped as expired anyway. Bounded: past {@code capacity} ids, the one that expires
 * first is forgotten early. Not thread-safe: the commands' consumer thread alone uses it.
 */
final class CommandIdWindow {
    private record Remembered(String commandId, Instant until) {
    }

    private final int capacity;
    private final Clock clock;
    private final Map<String, Instant> until = new HashMap<>();
    private final PriorityQueue<Remembered> byExpiry = new PriorityQueue<>((a, b) -> a.until().compareTo(b.until()));

    CommandIdWindow(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** True the first time {@code commandId} is seen within its window (and remembers it until {@code expires}). */
    boolean firstTime(String commandId, Instant expires) {
        forgetExpired();
        if (until.containsKey(commandId)) {
            return false;
        }
        if (until.size() >= capacity) {
            until.remove(byExpiry.poll().commandId());
        }
        until.put(commandId, expires);
        byExpiry.add(new Remembered(commandId, expires));
        return true;
    }

    int size() {
        return until.size();
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        while (!byExpiry.isEmpty() && !byExpiry.peek().until().isAfter(now)) {
            until.remove(byExpiry.poll().commandId());
        }
    }
}
