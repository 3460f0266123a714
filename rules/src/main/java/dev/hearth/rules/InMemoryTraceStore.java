package dev.hearth.rules;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/** The newest {@code capacity} traces, in memory; the oldest go first. Thread-safe. */
public final class InMemoryTraceStore implements TraceStore {
    public static final int DEFAULT_CAPACITY = 1_000;

    private final int capacity;
    private final Deque<Trace> traces = new ArrayDeque<>();

    public InMemoryTraceStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    public InMemoryTraceStore() {
        this(DEFAULT_CAPACITY);
    }

    @Override
    public synchronized void append(Trace trace) {
        traces.addLast(trace);
        while (traces.size() > capacity) {
            traces.removeFirst();
        }
    }

    @Override
    public List<Trace> byRule(String ruleId, int limit) {
        return newest(trace -> trace.ruleId().equals(ruleId), limit);
    }

    @Override
    public List<Trace> byDevice(String deviceId, Instant from, Instant to, int limit) {
        return newest(trace -> trace.devices().contains(deviceId) && startedIn(trace, from, to), limit);
    }

    @Override
    public List<Trace> between(Instant from, Instant to, int limit) {
        return newest(trace -> startedIn(trace, from, to), limit);
    }

    private static boolean startedIn(Trace trace, Instant from, Instant to) {
        return !trace.started().isBefore(from) && trace.started().isBefore(to);
    }

    private synchronized List<Trace> newest(Predicate<Trace> wanted, int limit) {
        List<Trace> found = new ArrayList<>();
        for (Iterator<Trace> it = traces.descendingIterator(); it.hasNext() && found.size() < limit; ) {
            Trace trace = it.next();
            if (wanted.test(trace)) {
                found.add(trace);
            }
        }
        return found;
    }
}
