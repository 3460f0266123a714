package dev.hearth.hub.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RunReport;
import java.util.Locale;
import java.util.Optional;

/**
 * A loaded rule as the API lists it, with where it is defined and how its last run ended; one
 * rule alone also comes with its YAML text.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleView(String id, String description, String mode, boolean enabled, boolean dryRun, String source,
                       LastRun lastRun, String yaml) {
    /** {@code dryRun}: the rule's own {@code dry_run}, or the whole engine's; either way its runs change nothing. */
    static RuleView of(Rule rule, boolean enabled, boolean engineDryRun, Optional<RunReport> lastRun) {
        return new RuleView(rule.id(), rule.description().orElse(null),
                rule.mode().name().toLowerCase(Locale.ROOT), enabled, rule.options().dryRun() || engineDryRun,
                rule.source().toString(),
                lastRun.map(LastRun::of).orElse(null), null);
    }

    RuleView withYaml(Optional<String> text) {
        return new RuleView(id, description, mode, enabled, dryRun, source, lastRun, text.orElse(null));
    }

    public record LastRun(String at, String trigger, String outcome, String detail) {
        static LastRun of(RunReport report) {
            return new LastRun(report.at().toString(), report.trigger(),
                    report.outcome().name().toLowerCase(Locale.ROOT), report.detail());
        }
    }
}
