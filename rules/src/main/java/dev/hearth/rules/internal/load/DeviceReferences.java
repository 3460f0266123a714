package dev.hearth.rules.internal.load;

import dev.hearth.rules.Action;
import dev.hearth.rules.Condition;
import dev.hearth.rules.KnownDevices;
import dev.hearth.rules.LoadError;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleSource;
import dev.hearth.rules.Trigger;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The devices a rule names, checked against those the caller knows (with their attributes and
 * commands). A visitor per sealed type, so that a new kind of trigger, condition or action must say
 * what it names.
 */
final class DeviceReferences {
    private final KnownDevices known;
    private final String where;
    private final List<LoadError> errors;

    private DeviceReferences(KnownDevices known, String where, List<LoadError> errors) {
        this.known = known;
        this.where = where;
        this.errors = errors;
    }

    /** References of {@code rule} to devices, attributes and commands {@code known} does not know, in the order written. */
    static void checkUnknown(Rule rule, KnownDevices known, List<LoadError> errors) {
        DeviceReferences check = new DeviceReferences(known, "rule '" + rule.id() + "'", errors);
        TriggerNames triggers = check.new TriggerNames();
        rule.triggers().forEach(trigger -> trigger.accept(triggers));
        check.conditions(rule.conditions());
        ActionNames actions = check.new ActionNames();
        rule.allActions().forEach(action -> action.accept(actions));
    }

    private void conditions(List<Condition> conditions) {
        ConditionNames names = new ConditionNames();
        for (Condition condition : conditions) {
            condition.accept(names);
            conditions(condition.children());
        }
    }

    private boolean device(String deviceId, RuleSource source) {
        if (known.has(deviceId)) {
            return true;
        }
        errors.add(RuleChecks.error(source, "unknown device '" + deviceId + "' in " + where + "; expected a device the hub knows"));
        return false;
    }

    private Void attribute(String deviceId, String attribute, RuleSource source) {
        if (!device(deviceId, source)) {
            return null;
        }
        Optional<Set<String>> attributes = known.attributes(deviceId);
        if (attributes.isPresent() && !attributes.get().contains(attribute)) {
            errors.add(RuleChecks.error(source, "unknown attribute '" + attribute + "' of device '" + deviceId + "' in " + where
                    + "; expected one of: " + String.join(", ", attributes.get())));
        }
        return null;
    }

    private final class TriggerNames implements Trigger.Visitor<Void> {
        @Override
        public Void state(Trigger.State trigger) {
            return attribute(trigger.attribute().deviceId(), trigger.attribute().attribute(), trigger.source());
        }

        @Override
        public Void deviceState(Trigger.DeviceState trigger) {
            device(trigger.deviceId(), trigger.source());
            return null;
        }

        @Override
        public Void numeric(Trigger.Numeric trigger) {
            return attribute(trigger.attribute().deviceId(), trigger.attribute().attribute(), trigger.source());
        }

        @Override
        public Void availability(Trigger.Availability trigger) {
            device(trigger.deviceId(), trigger.source());
            return null;
        }

        @Override
        public Void at(Trigger.At trigger) {
            return null;
        }

        @Override
        public Void cron(Trigger.Cron trigger) {
            return null;
        }

        @Override
        public Void sun(Trigger.Sun trigger) {
            return null;
        }

        /** A pattern with {@code +} names no one device. */
        @Override
        public Void telemetry(Trigger.Telemetry trigger) {
            if (!trigger.devicePattern().contains("+")) {
                device(trigger.devicePattern(), trigger.source());
            }
            return null;
        }

        @Override
        public Void started(Trigger.Started trigger) {
            return null;
        }
    }

    /** The combining conditions name nothing themselves: {@link #conditions} goes into their children. */
    private final class ConditionNames implements Condition.Visitor<Void> {
        @Override
        public Void state(Condition.State condition) {
            return attribute(condition.attribute().deviceId(), condition.attribute().attribute(), condition.source());
        }

        @Override
        public Void time(Condition.Time condition) {
            return null;
        }

        @Override
        public Void numeric(Condition.Numeric condition) {
            return attribute(condition.attribute().deviceId(), condition.attribute().attribute(), condition.source());
        }

        @Override
        public Void and(Condition.And condition) {
            return null;
        }

        @Override
        public Void or(Condition.Or condition) {
            return null;
        }

        @Override
        public Void not(Condition.Not condition) {
            return null;
        }

        /** CEL reads {@code state[...]} at run time: not checked at load. */
        @Override
        public Void expr(Condition.Expr condition) {
            return null;
        }
    }

    /** Nested actions come from {@link RuleChecks#allActions}: each action checks only what it names itself. */
    private final class ActionNames implements Action.Visitor<Void> {
        @Override
        public Void command(Action.Command action) {
            if (device(action.deviceId(), action.source())) {
                Optional<Set<String>> commands = known.commands(action.deviceId());
                if (commands.isPresent() && !commands.get().contains(action.command())) {
                    errors.add(RuleChecks.error(action.source(), "unknown command '" + action.command() + "' of device '"
                            + action.deviceId() + "' in " + where + "; expected one of: " + String.join(", ", commands.get())));
                }
            }
            return null;
        }

        @Override
        public Void desired(Action.Desired action) {
            device(action.deviceId(), action.source());
            return null;
        }

        @Override
        public Void delay(Action.Delay action) {
            return null;
        }

        /** As before the visitor: the triggers waited for are not checked against the known devices. */
        @Override
        public Void waitFor(Action.WaitFor action) {
            return null;
        }

        @Override
        public Void choose(Action.Choose action) {
            action.branches().forEach(branch -> conditions(branch.conditions()));
            return null;
        }

        @Override
        public Void repeat(Action.Repeat action) {
            conditions(action.whileAll());
            conditions(action.untilAll());
            return null;
        }

        @Override
        public Void parallel(Action.Parallel action) {
            return null;
        }

        @Override
        public Void sequence(Action.Sequence action) {
            return null;
        }

        @Override
        public Void notify(Action.Notify action) {
            return null;
        }

        @Override
        public Void setEnabled(Action.SetEnabled action) {
            return null;
        }

        @Override
        public Void variables(Action.Variables action) {
            return null;
        }
    }
}
