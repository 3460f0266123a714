package dev.hearth.rules;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Deadlines kept in memory: they survive replacing the engine in one process, not a restart of it. */
public final class InMemoryTimerJournal implements TimerJournal {
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile Instant alive;

    @Override
    public void alive(Instant at) {
        alive = java.util.Objects.requireNonNull(at, "at");
    }

    @Override
    public Optional<Instant> lastAlive() {
        return Optional.ofNullable(alive);
    }

    @Override
    public void put(Entry entry) {
        entries.put(entry.id(), entry);
    }

    @Override
    public void remove(String id) {
        entries.remove(id);
    }

    @Override
    public List<Entry> all() {
        return entries.values().stream().sorted(Comparator.comparing(Entry::due)).toList();
    }
}
