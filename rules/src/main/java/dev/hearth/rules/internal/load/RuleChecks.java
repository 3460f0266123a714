package dev.hearth.rules.internal.load;

import dev.hearth.rules.Action;
import dev.hearth.rules.Condition;
import dev.hearth.rules.KnownDevices;
import dev.hearth.rules.LoadError;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleSource;
import dev.hearth.rules.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Checks across rules, once every file parsed: references between rules, to devices, and cycles. */
final class RuleChecks {
    private RuleChecks() {
    }

    /** Every action, nested ones included, in the order written. */
    static List<Action> allActions(List<Action> actions) {
        List<Action> all = new ArrayList<>();
        walk(actions, all::add);
        return all;
    }

    private static void walk(List<Action> actions, Consumer<Action> visit) {
        for (Action action : actions) {
            visit.accept(action);
            if (action instanceof Action.Choose choose) {
                choose.branches().forEach(branch -> walk(branch.actions(), visit));
                walk(choose.otherwise(), visit);
            } else if (action instanceof Action.Repeat repeat) {
                walk(repeat.actions(), visit);
            } else if (action instanceof Action.Parallel parallel) {
                walk(parallel.branches(), visit);
            } else if (action instanceof Action.Sequence sequence) {
                walk(sequence.actions(), visit);
            }
        }
    }

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
        for (Action action : allActions(rule.actions())) {
            if (action instanceof Action.SetEnabled set && !ids.contains(set.ruleId())) {
                errors.add(error(set.source(), "'" + (set.enabled() ? "enable" : "disable") + "' in rule '"
                        + rule.id() + "' names no loaded rule: '" + set.ruleId() + "'; expected one of: "
                        + String.join(", ", ids)));
            }
        }
        return errors;
    }

    /** The devices a rule's state-like triggers watch. */
    static Set<String> triggerDevices(Rule rule) {
        Set<String> devices = new LinkedHashSet<>();
        for (Trigger trigger : rule.triggers()) {
            deviceOf(trigger).ifPresent(devices::add);
        }
        return devices;
    }

    private static Optional<String> deviceOf(Trigger trigger) {
        if (trigger instanceof Trigger.State state) {
            return Optional.of(state.attribute().deviceId());
        }
        if (trigger instanceof Trigger.Numeric numeric) {
            return Optional.of(numeric.attribute().deviceId());
        }
        if (trigger instanceof Trigger.DeviceState device) {
            return Optional.of(device.deviceId());
        }
        return Optional.empty();
    }

    /** The devices a rule's actions command or set the desired state of. */
    static Set<String> actedOn(Rule rule) {
        Set<String> devices = new LinkedHashSet<>();
        for (Action action : allActions(rule.actions())) {
            if (action instanceof Action.Command command) {
                devices.add(command.deviceId());
            } else if (action instanceof Action.Desired desired) {
                devices.add(desired.deviceId());
            }
        }
        return devices;
    }

    /**
     * Warnings for rules that can trigger each other in a cycle: rule A acts on a device that rule B
     * triggers on, and so on back to A. Such rules may be fine (a toggle that settles), so this warns;
     * at run time the causation depth limit stops a real loop.
     */
    static List<LoadError> cycles(List<Rule> rules) {
        Map<String, Rule> byId = new LinkedHashMap<>();
        rules.forEach(rule -> byId.put(rule.id(), rule));
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (Rule from : rules) {
            Set<String> acted = actedOn(from);
            List<String> to = new ArrayList<>();
            for (Rule other : rules) {
                if (triggerDevices(other).stream().anyMatch(acted::contains)) {
                    to.add(other.id());
                }
            }
            edges.put(from.id(), to);
        }
        List<LoadError> warnings = new ArrayList<>();
        Set<String> reported = new LinkedHashSet<>();
        for (Rule rule : rules) {
            if (reported.contains(rule.id())) {
                continue;
            }
            List<String> cycle = shortestCycle(rule.id(), edges);
            if (!cycle.isEmpty()) {
                reported.addAll(cycle);
                warnings.add(error(rule.source(), "warning: rules can trigger each other in a cycle: "
                        + String.join(" -> ", cycle) + " -> " + cycle.get(0) + " (each acts on a device the next "
                        + "triggers on); at run time a chain deeper than the depth limit is stopped"));
            }
        }
        return warnings;
    }

    /** The shortest path from {@code start} back to itself, breadth first; empty when there is none. */
    private static List<String> shortestCycle(String start, Map<String, List<String>> edges) {
        Map<String, String> parent = new LinkedHashMap<>();
        List<String> frontier = new ArrayList<>(List.of(start));
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (String node : frontier) {
                for (String to : edges.getOrDefault(node, List.of())) {
                    if (to.equals(start)) {
                        List<String> path = new ArrayList<>();
                        for (String at = node; at != null; at = parent.get(at)) {
                            path.add(0, at);
                        }
                        return path;
                    }
                    if (!parent.containsKey(to)) {
                        parent.put(to, node);
                        next.add(to);
                    }
                }
            }
            frontier = next;
        }
        return List.of();
    }

    /** References to devices, attributes and commands the caller does not know. */
    static List<LoadError> unknownDevices(List<Rule> rules, KnownDevices known) {
        List<LoadError> errors = new ArrayList<>();
        for (Rule rule : rules) {
            String where = "rule '" + rule.id() + "'";
            for (Trigger trigger : rule.triggers()) {
                if (trigger instanceof Trigger.State state) {
                    attribute(state.attribute().deviceId(), state.attribute().attribute(), state.source(), where, known, errors);
                } else if (trigger instanceof Trigger.Numeric numeric) {
                    attribute(numeric.attribute().deviceId(), numeric.attribute().attribute(), numeric.source(), where, known, errors);
                } else if (trigger instanceof Trigger.DeviceState device) {
                    device(device.deviceId(), device.source(), where, known, errors);
                } else if (trigger instanceof Trigger.Availability availability) {
                    device(availability.deviceId(), availability.source(), where, known, errors);
                } else if (trigger instanceof Trigger.Telemetry telemetry && !telemetry.devicePattern().contains("+")) {
                    device(telemetry.devicePattern(), telemetry.source(), where, known, errors);
                }
            }
            conditions(rule.conditions(), where, known, errors);
            for (Action action : allActions(rule.actions())) {
                if (action instanceof Action.Command command && device(command.deviceId(), command.source(), where, known, errors)) {
                    Optional<Set<String>> commands = known.commands(command.deviceId());
                    if (commands.isPresent() && !commands.get().contains(command.command())) {
                        errors.add(error(command.source(), "unknown command '" + command.command() + "' of device '"
                                + command.deviceId() + "' in " + where + "; expected one of: " + String.join(", ", commands.get())));
                    }
                } else if (action instanceof Action.Desired desired) {
                    device(desired.deviceId(), desired.source(), where, known, errors);
                } else if (action instanceof Action.Choose choose) {
                    choose.branches().forEach(branch -> conditions(branch.conditions(), where, known, errors));
                } else if (action instanceof Action.Repeat repeat) {
                    conditions(repeat.whileAll(), where, known, errors);
                    conditions(repeat.untilAll(), where, known, errors);
                }
            }
        }
        return errors;
    }

    private static void conditions(List<Condition> conditions, String where, KnownDevices known, List<LoadError> errors) {
        for (Condition condition : conditions) {
            if (condition instanceof Condition.State state) {
                attribute(state.attribute().deviceId(), state.attribute().attribute(), state.source(), where, known, errors);
            } else if (condition instanceof Condition.Numeric numeric) {
                attribute(numeric.attribute().deviceId(), numeric.attribute().attribute(), numeric.source(), where, known, errors);
            } else if (condition instanceof Condition.And and) {
                conditions(and.all(), where, known, errors);
            } else if (condition instanceof Condition.Or or) {
                conditions(or.any(), where, known, errors);
            } else if (condition instanceof Condition.Not not) {
                conditions(not.none(), where, known, errors);
            }
        }
    }

    private static boolean device(String deviceId, RuleSource source, String where, KnownDevices known, List<LoadError> errors) {
        if (known.has(deviceId)) {
            return true;
        }
        errors.add(error(source, "unknown device '" + deviceId + "' in " + where + "; expected a device the hub knows"));
        return false;
    }

    private static void attribute(String deviceId, String attribute, RuleSource source, String where, KnownDevices known,
                                  List<LoadError> errors) {
        if (!device(deviceId, source, where, known, errors)) {
            return;
        }
        Optional<Set<String>> attributes = known.attributes(deviceId);
        if (attributes.isPresent() && !attributes.get().contains(attribute)) {
            errors.add(error(source, "unknown attribute '" + attribute + "' of device '" + deviceId + "' in " + where
                    + "; expected one of: " + String.join(", ", attributes.get())));
        }
    }

    private static LoadError error(RuleSource source, String message) {
        return new LoadError(source.file(), source.line(), source.column(), message);
    }
}
