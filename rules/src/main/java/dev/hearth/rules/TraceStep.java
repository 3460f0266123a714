package dev.hearth.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One step of a {@link Trace}: {@code what} was checked or done, and {@code result} in words
 * ("true", "sent, replied ok: {...}", "would have sent brew to coffee-1", "queued").
 */
public record TraceStep(Instant at, Kind kind, String what, String result, Duration took) {
    public enum Kind { MODE, CONDITION, ACTION, TIMER, PROTECTION }

    public TraceStep {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(took, "took");
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + what + ": " + result;
    }
}
