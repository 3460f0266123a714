package dev.hearth.rules;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's tunables.
 *
 * @param maxDepth        the longest causation chain a run may continue (loop protection)
 * @param breakerRuns     runs of one rule allowed within {@code breakerWindow} before it is disabled
 * @param dryRun          the whole engine evaluates and traces, but sends nothing
 * @param location        where sun triggers compute sunrise and sunset; none: sun triggers never fire
 * @param holdBackdate    how far before the engine's clock a {@code for:} hold may start: a hold counts from its
 *                        event's time, back to this far, so that an event that reached the engine late (in transit
 *                        from a hub on a cluster) still gets its whole hold; zero: holds count from when the engine
 *                        sees their event (one process, where events arrive as they happen)
 */
public record EngineSettings(int maxDepth, int breakerRuns, Duration breakerWindow, boolean dryRun,
                             Optional<Location> location, Duration holdBackdate) {
    public static final EngineSettings DEFAULTS =
            new EngineSettings(5, 20, Duration.ofSeconds(10), false, Optional.empty(), Duration.ZERO);

    public EngineSettings {
        Objects.requireNonNull(breakerWindow, "breakerWindow");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(holdBackdate, "holdBackdate");
        if (holdBackdate.isNegative()) {
            throw new IllegalArgumentException("holdBackdate must not be negative: " + holdBackdate);
        }
        if (maxDepth < 1 || breakerRuns < 1 || breakerWindow.isNegative() || breakerWindow.isZero()) {
            throw new IllegalArgumentException("maxDepth, breakerRuns and breakerWindow must be positive");
        }
    }

    public EngineSettings withLocation(double latitude, double longitude) {
        return new EngineSettings(maxDepth, breakerRuns, breakerWindow, dryRun,
                Optional.of(new Location(latitude, longitude)), holdBackdate);
    }

    public EngineSettings withDryRun(boolean dryRun) {
        return new EngineSettings(maxDepth, breakerRuns, breakerWindow, dryRun, location, holdBackdate);
    }

    public EngineSettings withMaxDepth(int maxDepth) {
        return new EngineSettings(maxDepth, breakerRuns, breakerWindow, dryRun, location, holdBackdate);
    }

    public EngineSettings withBreaker(int runs, Duration window) {
        return new EngineSettings(maxDepth, runs, window, dryRun, location, holdBackdate);
    }

    public EngineSettings withHoldBackdate(Duration holdBackdate) {
        return new EngineSettings(maxDepth, breakerRuns, breakerWindow, dryRun, location, holdBackdate);
    }

    /** Degrees, north and east positive. */
    public record Location(double latitude, double longitude) {
        public Location {
            if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
                throw new IllegalArgumentException("latitude in [-90, 90], longitude in [-180, 180]");
            }
        }
    }
}
