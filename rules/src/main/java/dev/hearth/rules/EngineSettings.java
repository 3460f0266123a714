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
 */
public record EngineSettings(int maxDepth, int breakerRuns, Duration breakerWindow, boolean dryRun,
                             Optional<Location> location) {
    public static final EngineSettings DEFAULTS =
            new EngineSettings(5, 20, Duration.ofSeconds(10), false, Optional.empty());

    public EngineSettings {
        Objects.requireNonNull(breakerWindow, "breakerWindow");
        Objects.requireNonNull(location, "location");
        if (maxDepth < 1 || breakerRuns < 1 || breakerWindow.isNegative() || breakerWindow.isZero()) {
            throw new IllegalArgumentException("maxDepth, breakerRuns and breakerWindow must be positive");
        }
    }

    public EngineSettings withLocation(double latitude, double longitude) {
        return new EngineSettings(maxDepth, breakerRuns, breakerWindow, dryRun,
                Optional.of(new Location(latitude, longitude)));
    }

    public EngineSettings withDryRun(boolean dryRun) {
        return new EngineSettings(maxDepth, breakerRuns, breakerWindow, dryRun, location);
    }

    public EngineSettings withMaxDepth(int maxDepth) {
        return new EngineSettings(maxDepth, breakerRuns, breakerWindow, dryRun, location);
    }

    public EngineSettings withBreaker(int runs, Duration window) {
        return new EngineSettings(maxDepth, runs, window, dryRun, location);
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
