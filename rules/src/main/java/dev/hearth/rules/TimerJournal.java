package dev.hearth.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the engine keeps its pending deadlines ({@code for:} holds, {@code delay}s, {@code wait_for}
 * timeouts) as absolute times, so that they survive a restart. {@link InMemoryTimerJournal} and
 * {@link FileTimerJournal} implement it.
 */
public interface TimerJournal {
    void put(Entry entry);

    void remove(String id);

    /** Every entry, oldest deadline first. */
    List<Entry> all();

    /**
     * The engine on this journal was running at {@code at}: written when it starts, before each
     * time trigger fires, and when it closes, so that the next start knows which {@code at:},
     * {@code cron:} and {@code sun:} moments passed while it was down. Not an {@link Entry}: it is
     * no deadline. A journal that does not keep it (this default) gets no catch-up.
     */
    default void alive(Instant at) {
    }

    /** The last instant given to {@link #alive}, if this journal keeps it. */
    default Optional<Instant> lastAlive() {
        return Optional.empty();
    }

    /**
     * One deadline. {@code kind} is {@code for}, {@code delay} or {@code wait_for}; {@code data} is what
     * the engine needs to go on (the trigger's values, the action's place, the run's variables).
     */
    record Entry(String id, String ruleId, String kind, Instant due, ObjectNode data) {
        public Entry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(due, "due");
            data = Objects.requireNonNull(data, "data").deepCopy();
        }

        @Override
        public ObjectNode data() {
            return data.deepCopy();
        }
    }
}
