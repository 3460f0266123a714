package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.Optional;

/**
 * How the rules engine runs: where the hub is (for sunrise/sunset triggers), whether rules
 * only trace what they would do (dry run) instead of doing it, and how many runs of one rule
 * within 10 s trip its rate breaker (a rule on a chatty sensor may need more than 20).
 */
public record RulesSettings(Optional<Location> location, boolean dryRun, int breakerRuns) {
    public static final int DEFAULT_BREAKER_RUNS = 20;

    public RulesSettings {
        Objects.requireNonNull(location, "location");
        if (breakerRuns < 1) {
            throw new IllegalArgumentException("rules-engine.breaker-runs must be at least 1, was " + breakerRuns);
        }
    }

    /** As written in the config; a key left out (null) takes its default, and latitude and longitude come together. */
    @JsonCreator
    public static RulesSettings of(@JsonProperty("latitude") Double latitude, @JsonProperty("longitude") Double longitude,
                                   @JsonProperty("dry-run") Boolean dryRun, @JsonProperty("breaker-runs") Integer breakerRuns) {
        if ((latitude == null) != (longitude == null)) {
            throw new IllegalArgumentException("rules-engine.latitude and rules-engine.longitude go together");
        }
        return new RulesSettings(latitude == null ? Optional.empty() : Optional.of(new Location(latitude, longitude)),
                dryRun != null && dryRun, breakerRuns == null ? DEFAULT_BREAKER_RUNS : breakerRuns);
    }

    public static RulesSettings defaults() {
        return of(null, null, null, null);
    }

    /** Where the hub is on Earth, in degrees. */
    public record Location(double latitude, double longitude) {
        public Location {
            if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
                throw new IllegalArgumentException("rules-engine.latitude must be within -90..90 and longitude within -180..180");
            }
        }
    }
}
