package dev.hearth.rules.internal.load;

import dev.hearth.rules.Action;
import dev.hearth.rules.KnownDevices;
import dev.hearth.rules.LoadError;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks across rules, once every file parsed: references between rules, to devices, and cycles. */
final class RuleChecks {
    private RuleChecks() {
    }

    /** Every action, nested ones included, in the order written. */
    /** {@code enable:}/{@code disable:} must name a loaded rule. */
    static List<LoadError> ruleReferences(List<Rule> rules) {
        Set<String> ids = new LinkedHashSet<>();
        rules.forEach(rule -> ids.add(rule.id()));
        List<LoadError> errors = new ArrayList<>();
        rules.forEach(rule -> errors.addAll(ruleReferences(rule, ids)));
        return errors;
    }

    /** The enable/disable actions of {@code rule} that name none of {@code ids}. */
    static List<LoadError> ruleReferences(Rule rule, Set<String> ids) {
        List<LoadError> errors = new ArrayList<>();
        for (Action action : rule.allActions()) {
            action.accept(NAMED_RULE).filter(set -> !ids.contains(set.ruleId())).ifPresent(set ->
                    errors.add(error(set.source(), "'" + (set.enabled() ? "enable" : "disable") + "' in rule '"
                            + rule.id() + "' names no loaded rule: '" + set.ruleId() + "'; expected one of: "
                            + String.join(", ", ids))));
        }
        return errors;
    }

    /** See {@link RuleCycles#cycles}. */
    static List<LoadError> cycles(List<Rule> rules) {
        return RuleCycles.cycles(rules);
    }

    /** References to devices, attributes and commands the caller does not know. */
    static List<LoadError> unknownDevices(List<Rule> rules, KnownDevices known) {
        List<LoadError> errors = new ArrayList<>();
        rules.forEach(rule -> DeviceReferences.checkUnknown(rule, known, errors));
        return errors;
    }

    static LoadError error(RuleSource source, String message) {
        return new LoadError(source.file(), source.line(), source.column(), message);
    }

    /** The action that names another rule, if this one does. */
    private static final Action.Visitor<Optional<Action.SetEnabled>> NAMED_RULE = new Action.Visitor<>() {
        @Override
        public Optional<Action.SetEnabled> command(Action.Command action) {
            return Optional.empty();
        }

        @Override
        public Optional<Action.SetEnabled> desired(Action.Desired action) {
            return Optional.empty();
        }

        @Override
        public Optional<Action.SetEnabled> delay(Action.Delay action) {
            return Optional.empty();
        }

        @Override
        public Optional<Action.SetEnabled> waitFor(Action.WaitFor action) {
            return Optional.empty();
        }

        @Override
        public Optional<Action.SetEnabled> choose(Action.Choose action) {
            return Optional.empty();
        }

        @Override
        public Optional<Action.SetEnabled> repeat(Action.Repeat action) {
            return Optional.empty();
        }

        @Override
        public Optional<Action.SetEnabled> parallel(Action.Parallel action) {
            return Optional.empty();
        }

        @Override
        public Optional<Action.SetEnabled> sequence(Action.Sequence action) {
            return Optional.empty();
        }

        @Override
        public Optional<Action.SetEnabled> notify(Action.Notify action) {
            return Optional.empty();
        }

        @Override
        public Optional<Action.SetEnabled> setEnabled(Action.SetEnabled action) {
            return Optional.of(action);
        }

        @Override
        public Optional<Action.SetEnabled> variables(Action.Variables action) {
            return Optional.empty();
        }
    };
}
