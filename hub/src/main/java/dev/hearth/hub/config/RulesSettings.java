package dev.hearth.hub.config;

/**
 * How the rules engine runs: where the hub is (for sunrise/sunset triggers) and whether rules
 * only trace what they would do (dry run) instead of doing it.
 */
public record RulesSettings(Double latitude, Double longitude, Boolean dryRun) {
    public RulesSettings {
        dryRun = dryRun != null && dryRun;
        if ((latitude == null) != (longitude == null)) {
            throw new IllegalArgumentException("rules-engine.latitude and rules-engine.longitude go together");
        }
        if (latitude != null && (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180)) {
            throw new IllegalArgumentException("rules-engine.latitude must be within -90..90 and longitude within -180..180");
        }
    }

    public static RulesSettings defaults() {
        return new RulesSettings(null, null, null);
    }
}
