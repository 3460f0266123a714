package dev.hearth.simulator.scenario;

import dev.hearth.rules.yaml.Durations;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.device.ReceivedCommand;
import dev.hearth.simulator.device.SimulatedDevice;
import dev.hearth.simulator.fault.RawPublisher;
import dev.hearth.simulator.link.MqttTransport;
import dev.hearth.wire.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Scenario} against a broker (and, for API expectations, a hub's HTTP API):
 * connects its devices through cuttable relays, plays the steps at their times on the given
 * clock and scheduler, checks the expectations, closes the devices and reports. An expectation
 * passes as soon as it is met in its window and fails when the window closes; an exact one
 * ({@code at:} in the expectation) gets {@link #DEFAULT_EXACT_SLACK} on a live run.
 */
public final class ScenarioRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);
    /**
     * Slack past the run's end (its last step or the close of its last expectation, whichever is
     * later) before the run gives up waiting on its own scheduler: a step that hangs, e.g. a
     * connect to a broker that went away, must not hang the run.
     */
    static final Duration DEFAULT_MARGIN = Duration.ofSeconds(30);
    public static final Duration DEFAULT_EXACT_SLACK = Duration.ofSeconds(1);
    private static final Duration API_POLL = Duration.ofMillis(100);
    /** How long a closing window waits for the hub's answer to a read asked within it. */
    private static final Duration API_READ_WAIT = Duration.ofSeconds(5);
    private static final Duration RAW_TIMEOUT = Duration.ofSeconds(5);

    private final SimulationContext context;
    private final Optional<URI> hubApi;
    private final Optional<String> hubToken;
    private final Duration exactSlack;
    private final Duration margin;

    /** Each run opens its devices' links on a transport of its own (native sessions included), closed with the run. */
    public ScenarioRunner(String serverUri, ScheduledExecutorService scheduler, Clock clock) {
        this(new SimulationContext(serverUri, scheduler, clock), Optional.empty(), Optional.empty(),
                DEFAULT_EXACT_SLACK, DEFAULT_MARGIN);
    }

    private ScenarioRunner(SimulationContext context, Optional<URI> hubApi, Optional<String> hubToken, Duration exactSlack,
                           Duration margin) {
        this.context = context;
        this.hubApi = hubApi;
        this.hubToken = hubToken;
        this.exactSlack = exactSlack;
        this.margin = margin;
    }

    /** The hub's HTTP base URL (e.g. {@code http://127.0.0.1:8080}) for {@code expect: { api: ... }}; without it those are skipped. */
    public ScenarioRunner withHubApi(URI base) {
        return new ScenarioRunner(context, Optional.of(Objects.requireNonNull(base, "base")), hubToken, exactSlack, margin);
    }

    /** As {@link #withHubApi(URI)}, sending the hub's API token (a read-only one is enough). */
    public ScenarioRunner withHubApi(URI base, String token) {
        return new ScenarioRunner(context, Optional.of(Objects.requireNonNull(base, "base")),
                Optional.of(Objects.requireNonNull(token, "token")), exactSlack, margin);
    }

    /** How late an exact expectation may be met on a live run. */
    public ScenarioRunner withExactSlack(Duration slack) {
        if (slack.isNegative()) {
            throw new IllegalArgumentException("slack cannot be negative: " + slack);
        }
        return new ScenarioRunner(context, hubApi, hubToken, slack, margin);
    }

    /** How long past its end a run waits for what is still pending before it reports that it did not finish. */
    ScenarioRunner withMargin(Duration margin) {
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin cannot be negative: " + margin);
        }
        return new ScenarioRunner(context, hubApi, hubToken, exactSlack, margin);
    }

    public ScenarioReport run(Scenario scenario) {
        Objects.requireNonNull(scenario, "scenario");
        Map<String, SimulatedDevice> devices = new LinkedHashMap<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        MqttTransport transport = MqttTransport.withFaults();
        SimulationContext runContext = new SimulationContext(context.serverUri(), context.scheduler(), context.clock(), transport);
        try {
            scenario.devices().forEach(spec -> devices.put(spec.id(), spec.create(runContext)));
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
            return new ScenarioReport(scenario.name(), new Play(scenario, devices, errors).run(), errors);
        } finally {
            devices.values().forEach(device -> {
                try {
                    device.close();
                } catch (RuntimeException e) {
                    errors.add("could not close " + device.id() + ": " + e.getMessage());
                }
            });
            transport.close();
        }
    }

    /** One run's timeline: steps on the scheduler, checks on every event and at each window's end. */
    private final class Play implements Observations {
        private final Scenario scenario;
        private final Map<String, SimulatedDevice> devices;
        private final List<String> errors;
        private final Map<String, List<TimedValue>> apiValues = new ConcurrentHashMap<>();
        private final List<Watch> watches = new ArrayList<>();
        private final Optional<HubApi> api = hubApi.map(base -> new HubApi(base, hubToken, context.clock()));
        private Instant start;

        Play(Scenario scenario, Map<String, SimulatedDevice> devices, List<String> errors) {
            this.scenario = scenario;
            this.devices = devices;
            this.errors = errors;
        }

        List<ExpectationResult> run() {
            start = context.clock().instant();
            for (Step.Expectation expect : scenario.expectations()) {
                Watch watch = new Watch(new ExpectationCheck(expect, start, exactSlack));
                if (expect instanceof Step.ExpectApi && api.isEmpty()) {
                    watch.result.complete(watch.check.result(this)); // skipped: no need to wait for its window
                }
                watches.add(watch);
            }
            devices.values().forEach(device -> {
                device.onCommandReceived(c -> checkAll());
                device.onStateReported(s -> checkAll());
            });
            StepPlayer player = new StepPlayer(devices, this::publishRaw);
            List<CompletableFuture<?>> pending = new ArrayList<>();
            // Steps at the same moment run in file order, on one task.
            TreeMap<Duration, List<Step>> moments = scenario.steps().stream()
                    .collect(Collectors.groupingBy(Step::at, TreeMap::new, Collectors.toList()));
            moments.forEach((at, steps) -> {
                CompletableFuture<Void> done = new CompletableFuture<>();
                pending.add(done);
                schedule(start.plus(at), () -> {
                    try {
                        steps.forEach(step -> perform(player, step));
                    } finally {
                        done.complete(null);
                    }
                });
            });
            for (Watch watch : watches) {
                pending.add(watch.result);
                schedule(watch.check.opens(), watch::opened);
                schedule(watch.check.closes(), watch::expire);
            }
            // The run ends with its last step or its last expectation's window, whichever is later:
            // steps may well follow the last expectation (go offline, restart, ...).
            Duration lastStep = moments.isEmpty() ? Duration.ZERO : moments.lastKey();
            Duration last = watches.stream().map(w -> Duration.between(start, w.check.closes()))
                    .reduce(lastStep, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            awaitAll(pending, last.plus(margin));
            watches.forEach(Watch::stopPolling);
            return watches.stream().map(w -> w.result.getNow(w.check.result(this))).toList();
        }

        private void perform(StepPlayer player, Step step) {
            try {
                player.perform(step);
            } catch (RuntimeException e) {
                errors.add(StepPlayer.describe(step) + " failed: " + e.getMessage());
            }
        }

        private void publishRaw(Step.Malformed bad) {
            String password = scenario.device(bad.device()).orElseThrow().password();
            RawPublisher.Outcome outcome = RawPublisher.publish(context.serverUri(), bad.device(), password,
                    Topics.of(bad.device(), bad.topicKind()), bad.payload().getBytes(StandardCharsets.UTF_8), RAW_TIMEOUT);
            LOG.info("malformed payload from {} on {}: {}", bad.device(), bad.topicKind().segment(), outcome.description());
        }

        private void checkAll() {
            Instant now = context.clock().instant();
            for (Watch watch : watches) {
                if (!watch.result.isDone() && !now.isBefore(watch.check.opens())) {
                    watch.check.met(this).ifPresent(at -> watch.result.complete(watch.check.result(this)));
                }
            }
        }

        @Override
        public String whyNoApi(String path) {
            return "no hub HTTP URL was given (the hub's API is checked only when the runner knows where it is)";
        }

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
            return api.map(client -> List.copyOf(apiValues.getOrDefault(path + "#" + pointer, List.of())));
        }

        private void schedule(Instant when, Runnable task) {
            long delay = Math.max(0, Duration.between(context.clock().instant(), when).toNanos());
            context.scheduler().schedule(task, delay, TimeUnit.NANOSECONDS);
        }

        private void awaitAll(List<CompletableFuture<?>> pending, Duration timeout) {
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

        /** One expectation under watch: API ones poll the hub while their window is open. */
        private final class Watch {
            final ExpectationCheck check;
            final CompletableFuture<ExpectationResult> result = new CompletableFuture<>();
            volatile ScheduledFuture<?> polling;
            /** The last read of the hub asked for, so that a window closing while it is answered still counts it. */
            volatile CompletableFuture<?> reading = CompletableFuture.completedFuture(null);

            Watch(ExpectationCheck check) {
                this.check = check;
            }

            void opened() {
                if (check.expectation() instanceof Step.ExpectApi expect && api.isPresent()) {
                    polling = context.scheduler().scheduleAtFixedRate(() -> poll(expect), 0, API_POLL.toMillis(), TimeUnit.MILLISECONDS);
                }
                checkAll();
            }

            private void poll(Step.ExpectApi expect) {
                if (result.isDone()) {
                    stopPolling();
                    return;
                }
                reading = api.get().read(expect.path(), expect.pointer()).thenAccept(value -> {
                    apiValues.computeIfAbsent(expect.path() + "#" + expect.pointer(), k -> new CopyOnWriteArrayList<>()).add(value);
                    checkAll();
                });
            }

            void expire() {
                stopPolling();
                reading.orTimeout(API_READ_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((done, failure) -> result.complete(check.result(Play.this)));
            }

            void stopPolling() {
                ScheduledFuture<?> p = polling;
                if (p != null) {
                    p.cancel(false);
                }
            }
        }
    }

    /** Whether {@code actual} has every field of {@code wanted}, recursively for objects. */
    static boolean contains(com.fasterxml.jackson.databind.JsonNode actual, com.fasterxml.jackson.databind.JsonNode wanted) {
        return ExpectationCheck.contains(actual, wanted);
    }
}
