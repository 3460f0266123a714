package dev.hearth.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What happens when a rule triggers while a run of it is still in progress. */
public enum RuleMode {
    /** The new trigger is dropped. */
    SINGLE,
    /** The run in progress is cancelled and a new one starts. */
    RESTART,
    /** The new run waits until the runs before it finish. */
    QUEUED,
    /** The new run starts beside the one in progress. */
    PARALLEL;

    /** The name written in YAML, e.g. {@code single}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RuleMode> fromYaml(String name) {
        return Arrays.stream(values()).filter(mode -> mode.yamlName().equals(name)).findFirst();
    }
}
