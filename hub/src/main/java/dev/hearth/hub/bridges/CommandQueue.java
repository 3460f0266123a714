package dev.hearth.hub.bridges;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The commands for a broker's devices not yet on that broker, in the order they were sent: bounded, the oldest
 * dropped first when full (a command that waited that long is the least likely still wanted), and a command past its
 * timeout is dropped rather than sent late (a lamp switching minutes after the rule gave up surprises everyone).
 * Not thread-safe: its link guards it.
 */
final class CommandQueue {
    /** A native command waiting; {@code sent} completes once the broker has it, or fails when it is dropped. */
    record Queued(String topic, byte[] payload, Instant expires, CompletableFuture<Void> sent) {
    }

    private final int capacity;
    private final Deque<Queued> queue = new ArrayDeque<>();
    private long droppedFull;
    private long droppedExpired;

    CommandQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a command queue holds at least one command, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** At the end; the oldest, if the queue was full, is returned dropped. */
    Optional<Queued> add(Queued command) {
        Optional<Queued> dropped = Optional.empty();
        if (queue.size() == capacity) {
            dropped = Optional.of(queue.removeFirst());
            droppedFull++;
        }
        queue.addLast(command);
        return dropped;
    }

    /** Back at the head: it was on its way when the link dropped, and is still the oldest (so dropped if full). */
    Optional<Queued> retry(Queued command) {
        if (queue.size() == capacity) {
            droppedFull++;
            return Optional.of(command);
        }
        queue.addFirst(command);
        return Optional.empty();
    }

    /** The commands past their timeout at {@code now}, taken out (the caller fails them). */
    List<Queued> expired(Instant now) {
        List<Queued> expired = new ArrayList<>();
        queue.removeIf(command -> {
            if (command.expires().isAfter(now)) {
                return false;
            }
            expired.add(command);
            return true;
        });
        droppedExpired += expired.size();
        return expired;
    }

    Optional<Queued> poll() {
        return Optional.ofNullable(queue.pollFirst());
    }

    /** Everything left, taken out (the hub stops). */
    List<Queued> drain() {
        List<Queued> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    int size() {
        return queue.size();
    }

    long droppedFull() {
        return droppedFull;
    }

    long droppedExpired() {
        return droppedExpired;
    }
}
