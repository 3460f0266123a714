package dev.hearth.simulator.scenario;

import dev.hearth.rules.Notifier;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.RuleSet;
import dev.hearth.rules.RunReport;
import dev.hearth.rules.time.VirtualTime;
import dev.hearth.rules.yaml.Durations;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.device.ReceivedCommand;
import dev.hearth.simulator.device.SimulatedDevice;
import dev.hearth.simulator.virtual.VirtualHub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a scenario against a {@link RuleSet} in this thread, on virtual time: no broker, no
 * sleeps. The scenario's devices behave as they do live (the coffee machine answers and brews),
 * but their links end at an in-memory hub that feeds the rule engine; the clock jumps from one
 * due task to the next, so a rule that waits ten minutes runs in milliseconds. Exact
 * expectations ({@code at:} in an expectation) are met only at that very instant.
 *
 * <pre>{@code
 * ScenarioReport report = new VirtualScenarioRunner(rules).run(new ScenarioLoader().load(file));
 * }</pre>
 */
public final class VirtualScenarioRunner {
    /** Where the clock starts when the scenario gives no {@code start}: a Monday, 06:00 UTC. */
    public static final ZonedDateTime DEFAULT_START = ZonedDateTime.parse("2026-01-05T06:00:00Z");
    private static final Pattern DEVICE_API = Pattern.compile("/api/devices/([^/?#]+)");

    private final RuleSet rules;

    public VirtualScenarioRunner(RuleSet rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public ScenarioReport run(Scenario scenario) {
        return play(scenario).report();
    }

    /** As {@link #run}, with the virtual times and every rule run, for a closer look. */
    public VirtualRun play(Scenario scenario) {
        Objects.requireNonNull(scenario, "scenario");
        ZonedDateTime startAt = scenario.start().orElse(DEFAULT_START);
        VirtualTime time = VirtualTime.at(startAt);
        Instant start = time.now();
        VirtualHub hub = new VirtualHub(time.clock(), time);
        List<RunReport> runs = new CopyOnWriteArrayList<>();
        List<String> errors = new ArrayList<>();
        Map<String, SimulatedDevice> devices = new LinkedHashMap<>();
        SimulationContext context = new SimulationContext("virtual://" + scenario.name(), time, time.clock(), hub);
        List<String> webhooks = new CopyOnWriteArrayList<>();
        // Webhooks are recorded, never sent: a test of rules must not reach the network.
        Notifier notifier = (url, body) -> {
            webhooks.add(url + " " + body);
            return CompletableFuture.completedFuture(200);
        };
        try (RuleEngine engine = RuleEngine.builder(hub, hub, time.clock(), time).notifier(notifier).build()) {
            engine.addListener(runs::add);
            hub.onChange(engine::onStateChange);
            hub.onAvailability(engine::onAvailability);
            engine.replace(rules);
            scenario.devices().forEach(spec -> devices.put(spec.id(), spec.create(context)));
            devices.values().forEach(SimulatedDevice::connect);
            time.runPending();
            engine.start(); // as the hub does once the devices' retained state is in
            List<ExpectationCheck> checks = scenario.expectations().stream()
                    .map(e -> new ExpectationCheck(e, start, Duration.ZERO)).toList();
            scheduleSteps(scenario, devices, hub, time, errors);
            Instant end = start.plus(lastMoment(scenario, checks, start));
            try {
                time.runPending();
                time.advanceTo(end);
            } catch (RuntimeException e) {
                errors.add("the run stopped at " + Durations.format(Duration.between(start, time.now())) + ": " + e);
            }
            Seen seen = new Seen(devices, hub);
            List<ExpectationResult> results = checks.stream().map(check -> withRuns(check.result(seen), check, runs)).toList();
            Map<String, List<dev.hearth.simulator.device.StateSample>> states = new LinkedHashMap<>();
            Map<String, List<ReceivedCommand>> commands = new LinkedHashMap<>();
            devices.forEach((id, device) -> {
                states.put(id, device.stateHistory());
                commands.put(id, device.receivedCommands());
            });
            return new VirtualRun(new ScenarioReport(scenario.name(), results, errors), start, time.now(), runs, states, commands);
        } finally {
            devices.values().forEach(SimulatedDevice::close);
            time.shutdownNow();
        }
    }

    private static void scheduleSteps(Scenario scenario, Map<String, SimulatedDevice> devices, VirtualHub hub, VirtualTime time,
                                      List<String> errors) {
        StepPlayer player = new StepPlayer(devices,
                bad -> hub.publishRaw(bad.device(), bad.topicKind(), bad.payload().getBytes(StandardCharsets.UTF_8)));
        // Steps at the same moment run in file order, on one task.
        TreeMap<Duration, List<Step>> moments = scenario.steps().stream()
                .collect(Collectors.groupingBy(Step::at, TreeMap::new, Collectors.toList()));
        moments.forEach((at, steps) -> time.schedule(() -> steps.forEach(step -> {
            try {
                player.perform(step);
            } catch (RuntimeException e) {
                errors.add(StepPlayer.describe(step) + " failed: " + e.getMessage());
            }
        }), at.toNanos(), TimeUnit.NANOSECONDS));
    }

    private static Duration lastMoment(Scenario scenario, List<ExpectationCheck> checks, Instant start) {
        Duration last = scenario.steps().stream().map(Step::at).max(Duration::compareTo).orElse(Duration.ZERO);
        for (ExpectationCheck check : checks) {
            Duration closes = Duration.between(start, check.closes());
            if (closes.compareTo(last) > 0) {
                last = closes;
            }
        }
        return last;
    }

    /** A failed expectation carries the rule runs seen until its window closed: why did nothing (or the wrong thing) happen? */
    private static ExpectationResult withRuns(ExpectationResult result, ExpectationCheck check, List<RunReport> runs) {
        if (!result.failed()) {
            return result;
        }
        List<RunReport> until = runs.stream().filter(run -> !run.at().isAfter(check.closes())).toList();
        String sentence = until.isEmpty() ? result.sentence() + "; no rule ran" : result.sentence();
        return new ExpectationResult(result.expectation(), result.verdict(), sentence, until);
    }

    /** What the virtual run observed: the devices' own records, and the in-memory hub's API views. */
    private record Seen(Map<String, SimulatedDevice> devices, VirtualHub hub) implements Observations {
        @Override
        public List<ReceivedCommand> commands(String device) {
            return devices.get(device).receivedCommands();
        }

        @Override
        public List<TimedValue> state(String device, String attribute) {
            return DeviceTimelines.attribute(devices.get(device), attribute);
        }

        @Override
        public Optional<List<TimedValue>> api(String path, String pointer) {
            Matcher m = DEVICE_API.matcher(path);
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(hub.views(m.group(1)).stream()
                    .map(view -> new TimedValue(view.at(), view.body().at(pointer)))
                    .toList());
        }

        @Override
        public String whyNoApi(String path) {
            return "on virtual time only /api/devices/{id} (id, availability, state) can be checked";
        }
    }
}
