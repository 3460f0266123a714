package dev.hearth.rules.internal.load;

import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleSource;
import dev.hearth.rules.yaml.Position;
import java.util.Optional;

/**
 * A rule as far as it could be read: its id (when valid, to find duplicates even among broken
 * rules) and the rule itself when it had no errors.
 */
record ParsedRule(Optional<String> id, Position idPosition, RuleSource source, Optional<Rule> rule) {
}
