package dev.hearth.rules.internal.load;

import dev.hearth.rules.Action;
import dev.hearth.rules.LoadError;
import dev.hearth.rules.Rule;
import dev.hearth.rules.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Rules that can trigger each other: one acts on a device whose state the next one's triggers watch. */
final class RuleCycles {
    private RuleCycles() {
    }

    /**
     * Warnings for rules that can trigger each other in a cycle: rule A acts on a device that rule B
     * triggers on, and so on back to A. Such rules may be fine (a toggle that settles), so this warns;
     * at run time the causation depth limit stops a real loop.
     */
    static List<LoadError> cycles(List<Rule> rules) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (Rule from : rules) {
            Set<String> acted = actedOn(from);
            List<String> to = new ArrayList<>();
            for (Rule other : rules) {
                if (stateWatched(other).stream().anyMatch(acted::contains)) {
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
                warnings.add(RuleChecks.error(rule.source(), "warning: rules can trigger each other in a cycle: "
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

    /** The devices a rule's actions command or set the desired state of. */
    private static Set<String> actedOn(Rule rule) {
        Set<String> devices = new LinkedHashSet<>();
        rule.allActions().forEach(action -> action.accept(ACTED_ON).ifPresent(devices::add));
        return devices;
    }

    /** The devices whose state a rule's triggers watch: what another rule's actions could change. */
    private static Set<String> stateWatched(Rule rule) {
        Set<String> devices = new LinkedHashSet<>();
        rule.triggers().forEach(trigger -> trigger.accept(STATE_WATCHED).ifPresent(devices::add));
        return devices;
    }


    private static final Action.Visitor<Optional<String>> ACTED_ON = new Action.Visitor<>() {
        @Override
        public Optional<String> command(Action.Command action) {
            return Optional.of(action.deviceId());
        }

        @Override
        public Optional<String> desired(Action.Desired action) {
            return Optional.of(action.deviceId());
        }

        @Override
        public Optional<String> delay(Action.Delay action) {
            return Optional.empty();
        }

        @Override
        public Optional<String> waitFor(Action.WaitFor action) {
            return Optional.empty();
        }

        @Override
        public Optional<String> choose(Action.Choose action) {
            return Optional.empty();
        }

        @Override
        public Optional<String> repeat(Action.Repeat action) {
            return Optional.empty();
        }

        @Override
        public Optional<String> parallel(Action.Parallel action) {
            return Optional.empty();
        }

        @Override
        public Optional<String> sequence(Action.Sequence action) {
            return Optional.empty();
        }

        @Override
        public Optional<String> notify(Action.Notify action) {
            return Optional.empty();
        }

        @Override
        public Optional<String> setEnabled(Action.SetEnabled action) {
            return Optional.empty();
        }

        @Override
        public Optional<String> variables(Action.Variables action) {
            return Optional.empty();
        }
    };

    private static final Trigger.Visitor<Optional<String>> STATE_WATCHED = new Trigger.Visitor<>() {
        @Override
        public Optional<String> state(Trigger.State trigger) {
            return trigger.watchedDevice();
        }

        @Override
        public Optional<String> deviceState(Trigger.DeviceState trigger) {
            return trigger.watchedDevice();
        }

        @Override
        public Optional<String> numeric(Trigger.Numeric trigger) {
            return trigger.watchedDevice();
        }

        /** A command or desired state changes what a device reports, not whether it is connected. */
        @Override
        public Optional<String> availability(Trigger.Availability trigger) {
            return Optional.empty();
        }

        @Override
        public Optional<String> at(Trigger.At trigger) {
            return Optional.empty();
        }

        @Override
        public Optional<String> cron(Trigger.Cron trigger) {
            return Optional.empty();
        }

        @Override
        public Optional<String> sun(Trigger.Sun trigger) {
            return Optional.empty();
        }

        @Override
        public Optional<String> telemetry(Trigger.Telemetry trigger) {
            return Optional.empty();
        }

        @Override
        public Optional<String> started(Trigger.Started trigger) {
            return Optional.empty();
        }
    };
}
