package dev.hearth.rules;

import java.util.List;
import java.util.Objects;

/** The outcome of {@link RulesLoader#load}: all the rules, or all the errors. */
public sealed interface LoadResult permits LoadResult.Loaded, LoadResult.Failed {

    /** The rules, and warnings that do not stop them (e.g. rules that can trigger each other in a cycle). */
    record Loaded(RuleSet rules, List<LoadError> warnings) implements LoadResult {
        public Loaded {
            Objects.requireNonNull(rules, "rules");
            warnings = List.copyOf(warnings);
        }

        public Loaded(RuleSet rules) {
            this(rules, List.of());
        }
    }

    /**
     * Every error found, in file order, then line and column (never empty), and the rules that are
     * valid on their own: those with no error, whose devices are known and whose enable/disable
     * actions name rules among them. A host with no rules running yet may run those.
     */
    record Failed(List<LoadError> errors, RuleSet valid) implements LoadResult {
        public Failed {
            errors = List.copyOf(errors);
            Objects.requireNonNull(valid, "valid");
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("a failed load has at least one error");
            }
        }
    }
}
