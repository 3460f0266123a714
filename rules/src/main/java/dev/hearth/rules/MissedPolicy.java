package dev.hearth.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * What a durable timer that fell due while the engine was stopped does on start: fire late, be
 * skipped, or fire only if it is at most {@code grace} late.
 */
public record MissedPolicy(Kind kind, Duration grace) {
    public enum Kind { FIRE, SKIP, GRACE }

    public static final MissedPolicy DEFAULT = new MissedPolicy(Kind.GRACE, Duration.ofMinutes(5));

    public MissedPolicy {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
    }

    /** Whether a deadline that is {@code late} past should still fire. */
    public boolean fires(Duration late) {
        return switch (kind) {
            case FIRE -> true;
            case SKIP -> false;
            case GRACE -> late.compareTo(grace) <= 0;
        };
    }

    @Override
    public String toString() {
        return kind == Kind.GRACE ? "grace " + dev.hearth.rules.yaml.Durations.format(grace)
                : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
