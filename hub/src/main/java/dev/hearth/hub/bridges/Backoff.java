package dev.hearth.hub.bridges;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next attempt to reach a broker: the bound doubles with each failure in a row, from
 * {@code min} up to {@code max}, and the wait is drawn between half the bound and the bound (never below {@code min}),
 * so that hubs and clients that lost the same broker at the same moment do not all knock again at the same moment.
 */
public record Backoff(Duration min, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    public Backoff {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("a backoff goes from a positive min up to a max at least as long, got "
                    + min + " to " + max);
        }
    }

    /** The wait after {@code failures} failed attempts in a row (0: the first retry); {@code random} in [0, 1). */
    public Duration delay(int failures, DoubleSupplier random) {
        long minMillis = min.toMillis();
        long maxMillis = max.toMillis();
        // doubling stops at max long before 2^failures overflows
        long bound = failures >= 30 ? maxMillis : Math.min(maxMillis, minMillis << failures);
        long drawn = bound / 2 + (long) (random.getAsDouble() * (bound - bound / 2));
        return Duration.ofMillis(Math.max(minMillis, Math.min(bound, drawn)));
    }
}
