package dev.hearth.rules;

import java.util.Objects;
import java.util.Optional;

/**
 * How a rule runs beyond its triggers, conditions and actions.
 *
 * @param max       runs waiting (queued) or in progress at once (parallel), per key
 * @param key       a CEL expression over {@code trigger}: the mode applies per value of it
 *                  (e.g. {@code trigger.device}), so one busy device does not block another
 * @param dryRun    evaluate and trace, but send nothing
 * @param missed    what to do with a durable timer that fell due while the hub was down
 * @param enabled   whether the rule starts enabled
 */
public record RuleOptions(int max, Optional<String> key, boolean dryRun, MissedPolicy missed, boolean enabled) {
    public static final int DEFAULT_MAX = 10;
    public static final RuleOptions DEFAULTS =
            new RuleOptions(DEFAULT_MAX, Optional.empty(), false, MissedPolicy.DEFAULT, true);

    public RuleOptions {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(missed, "missed");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
    }
}
