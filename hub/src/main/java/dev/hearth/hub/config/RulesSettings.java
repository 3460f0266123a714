package dev.hearth.hub.config;

/**
 * How the rules engine runs: where the hub is (for sunrise/sunset triggers), whether rules
 * only trace what they would do (dry run) instead of doing it, and how many runs of one rule
 * within 10 s trip its rate breaker (a rule on a chatty sensor may need more than 20).
 */
public record RulesSettings(Double latitude, Double longitude, Boolean dryRun, Integer breakerRuns) {
    public static final int DEFAULT_BREAKER_RUNS = 20;

    public RulesSettings {
        dryRun = dryRun != null && dryRun;
        breakerRuns = breakerRuns == null ? DEFAULT_BREAKER_RUNS : breakerRuns;
        if (breakerRuns < 1) {
            throw new IllegalArgumentException("rules-engine.breaker-runs must be at least 1, was " + breakerRuns);
        }
        if ((latitude == null) != (longitude == null)) {
            throw new IllegalArgumentException("rules-engine.latitude and rules-engine.longitude go together");
        }
        if (latitude != null && (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180)) {
            throw new IllegalArgumentException("rules-engine.latitude must be within -90..90 and longitude within -180..180");
        }
    }

    public static RulesSettings defaults() {
        return new RulesSettings(null, null, null, null);
    }
}
