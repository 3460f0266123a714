package dev.hearth.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.device.ReceivedCommand;
import dev.hearth.simulator.device.SimulatedDevice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs a {@link Scenario} against a broker: connects its devices, plays the steps at their
 * times on the given clock and scheduler, checks the expectations, closes the devices and
 * reports. An expectation passes as soon as its command arrives in its window
 * [{@code at}, {@code at + within}] and fails at the window's end.
 */
public final class ScenarioRunner {
    /** Slack past the last deadline before the run gives up waiting on its own scheduler. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final SimulationContext context;

    public ScenarioRunner(String serverUri, ScheduledExecutorService scheduler, Clock clock) {
        this.context = new SimulationContext(serverUri, scheduler, clock);
    }

    public ScenarioReport run(Scenario scenario) {
        Objects.requireNonNull(scenario, "scenario");
        Map<String, SimulatedDevice> devices = new LinkedHashMap<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        try {
            scenario.devices().forEach(spec -> devices.put(spec.id(), spec.create(context)));
            for (SimulatedDevice device : devices.values()) {
                try {
                    device.connect();
                } catch (RuntimeException e) {
                    errors.add("could not connect " + device.id() + ": " + e.getMessage());
                }
            }
            if (!errors.isEmpty()) {
                return new ScenarioReport(scenario.name(), List.of(), errors);
            }
            return new ScenarioReport(scenario.name(), play(scenario, devices, errors), errors);
        } finally {
            devices.values().forEach(device -> {
                try {
                    device.close();
                } catch (RuntimeException e) {
                    errors.add("could not close " + device.id() + ": " + e.getMessage());
                }
            });
        }
    }

    private List<ExpectationResult> play(Scenario scenario, Map<String, SimulatedDevice> devices, List<String> errors) {
        Instant start = context.clock().instant();
        List<Watch> watches = new ArrayList<>();
        for (Step.ExpectCommand expect : scenario.expectations()) {
            Watch watch = new Watch(expect, start, devices.get(expect.device()));
            devices.get(expect.device()).onCommandReceived(received -> watch.check());
            watches.add(watch);
        }
        List<CompletableFuture<?>> pending = new ArrayList<>();
        // Steps at the same moment run in file order, on one task.
        TreeMap<Duration, List<Step>> moments = scenario.steps().stream()
                .collect(Collectors.groupingBy(Step::at, TreeMap::new, Collectors.toList()));
        moments.forEach((at, steps) -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending.add(done);
            schedule(start.plus(at), () -> {
                try {
                    steps.forEach(step -> perform(step, devices, watches, errors));
                } finally {
                    done.complete(null);
                }
            });
        });
        for (Watch watch : watches) {
            pending.add(watch.result);
            schedule(start.plus(watch.expect.deadline()), watch::expire);
        }
        Duration last = watches.stream().map(w -> w.expect.deadline()).max(Duration::compareTo)
                .orElse(moments.isEmpty() ? Duration.ZERO : moments.lastKey());
        awaitAll(pending, last.plus(GRACE), errors);
        return watches.stream().map(w -> w.result.getNow(w.outcome(false))).toList();
    }

    private void perform(Step step, Map<String, SimulatedDevice> devices, List<Watch> watches, List<String> errors) {
        try {
            if (step instanceof Step.Report report) {
                devices.get(report.device()).report(report.state());
            } else if (step instanceof Step.ExpectCommand) {
                // its window opens now: a command may already have arrived
                watches.stream().filter(w -> w.expect == step).forEach(Watch::check);
            }
        } catch (RuntimeException e) {
            errors.add("step at " + Durations.format(step.at()) + " for " + step.device() + " failed: " + e.getMessage());
        }
    }

    private void schedule(Instant when, Runnable task) {
        long delay = Math.max(0, Duration.between(context.clock().instant(), when).toNanos());
        context.scheduler().schedule(task, delay, TimeUnit.NANOSECONDS);
    }

    private static void awaitAll(List<CompletableFuture<?>> pending, Duration timeout, List<String> errors) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            errors.add("the scenario did not finish within " + Durations.format(timeout));
        } catch (ExecutionException e) {
            errors.add("the scenario failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add("the scenario was interrupted");
        }
    }

    /** One expectation under watch: passes on the first matching command in its window. */
    private final class Watch {
        final Step.ExpectCommand expect;
        final Instant opens;
        final Instant closes;
        final SimulatedDevice device;
        final CompletableFuture<ExpectationResult> result = new CompletableFuture<>();

        Watch(Step.ExpectCommand expect, Instant start, SimulatedDevice device) {
            this.expect = expect;
            this.opens = start.plus(expect.at());
            this.closes = start.plus(expect.deadline());
            this.device = device;
        }

        void check() {
            if (!context.clock().instant().isBefore(opens) && match().isPresent()) {
                result.complete(outcome(true));
            }
        }

        void expire() {
            result.complete(outcome(match().isPresent()));
        }

        Optional<ReceivedCommand> match() {
            return device.receivedCommands().stream()
                    .filter(c -> c.name().equals(expect.command()))
                    .filter(c -> !c.at().isBefore(opens) && !c.at().isAfter(closes))
                    .filter(c -> expect.args().map(wanted -> contains(c.args(), wanted)).orElse(true))
                    .findFirst();
        }

        ExpectationResult outcome(boolean passed) {
            Instant start = opens.minus(expect.at());
            String what = expect.device() + (passed ? " received '" : " did not receive '") + expect.command() + "'"
                    + expect.args().map(a -> " with " + a).orElse("");
            String sentence;
            if (passed) {
                Duration when = Duration.between(start, match().orElseThrow().at());
                sentence = what + " at " + Durations.format(when) + " (within " + Durations.format(expect.within()) + " of "
                        + Durations.format(expect.at()) + ")";
            } else {
                sentence = what + " within " + Durations.format(expect.within()) + " of " + Durations.format(expect.at());
                List<ReceivedCommand> got = device.receivedCommands();
                if (!got.isEmpty()) {
                    sentence += " (it received " + got.stream()
                            .map(c -> "'" + c.name() + "' with " + c.args() + " at " + Durations.format(Duration.between(start, c.at())))
                            .collect(Collectors.joining(", ")) + ")";
                }
            }
            return new ExpectationResult(expect, passed, sentence);
        }
    }

    /** Whether {@code actual} has every field of {@code wanted}, recursively for objects. */
    static boolean contains(JsonNode actual, JsonNode wanted) {
        if (wanted instanceof ObjectNode wantedObject) {
            if (!(actual instanceof ObjectNode)) {
                return false;
            }
            return wantedObject.properties().stream()
                    .allMatch(field -> actual.has(field.getKey()) && contains(actual.get(field.getKey()), field.getValue()));
        }
        if (wanted.isNumber() && actual.isNumber()) {
            return wanted.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return wanted.equals(actual);
    }
}
