package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.rules.time.VirtualTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A rule engine on virtual time with a map for state and a recording command sink. Everything
 * runs on the test thread: a report is evaluated before {@link #report} returns.
 */
final class EngineHarness implements AutoCloseable {
    static final ZonedDateTime MONDAY_7AM = ZonedDateTime.parse("2025-01-06T07:00:00+01:00[Europe/Paris]");
    private static final ObjectMapper JSON = new ObjectMapper();

    final VirtualTime time;
    final FakeState state = new FakeState();
    final FakeCommands commands = new FakeCommands();
    final List<RunReport> runs = new ArrayList<>();
    final RuleEngine engine;
    private final Path dir;

    final List<String> desired = new ArrayList<>();
    final List<String> webhooks = new ArrayList<>();
    final InMemoryTraceStore traces = new InMemoryTraceStore();

    EngineHarness(Path dir, ZonedDateTime start) {
        this(dir, VirtualTime.at(start), builder -> { }, true);
    }

    /** An engine with the harness's fakes for every port; {@code settings} may change the builder's choices. */
    EngineHarness(Path dir, VirtualTime time, java.util.function.Consumer<RuleEngine.Builder> settings, boolean start) {
        this.dir = dir;
        this.time = time;
        RuleEngine.Builder builder = RuleEngine.builder(state, commands, time.clock(), time)
                .traces(traces)
                .desired((device, values, rule, causation) -> desired.add(device + " " + values + " by " + rule))
                .notifier((url, body) -> {
                    webhooks.add(url + " " + body);
                    return CompletableFuture.completedFuture(200);
                });
        settings.accept(builder);
        this.engine = builder.build();
        engine.addListener(runs::add);
        if (start) {
            engine.start();
            time.runPending();
        }
    }

    EngineHarness(Path dir) {
        this(dir, MONDAY_7AM);
    }

    /** Loads the YAML (which must be valid) and puts it in place of the running rules. */
    EngineHarness rules(String yaml) {
        engine.replace(load(dir, yaml));
        time.runPending();
        return this;
    }

    static RuleSet load(Path dir, String yaml) {
        try {
            Path file = Files.writeString(Files.createTempFile(dir, "rules", ".yaml"), yaml);
            LoadResult result = new RulesLoader().load(file);
            assertThat(result).as("rules load").isInstanceOf(LoadResult.Loaded.class);
            return ((LoadResult.Loaded) result).rules();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The device reports a value (given as JSON: {@code "awake"}, {@code 21.5}, {@code true}). */
    void report(String device, String attribute, String json) {
        JsonNode current = json(json);
        Optional<JsonNode> previous = state.put(device, attribute, current);
        engine.onStateChange(new StateChange(device, attribute, previous, current, time.now()));
        time.runPending();
    }

    void availability(String device, boolean online) {
        engine.onAvailability(device, online, time.now());
        time.runPending();
    }

    void telemetry(String device, String json) {
        engine.onTelemetry(device, (com.fasterxml.jackson.databind.node.ObjectNode) json(json), time.now());
        time.runPending();
    }

    /** The last trace of the rule. */
    Trace lastTrace(String ruleId) {
        List<Trace> found = traces.byRule(ruleId, 1);
        assertThat(found).as("a trace of " + ruleId).isNotEmpty();
        return found.get(0);
    }

    List<String> sentCommands() {
        return commands.requests.stream().map(request -> request.deviceId() + "." + request.command()).toList();
    }

    List<RunOutcome> outcomes() {
        return runs.stream().map(RunReport::outcome).toList();
    }

    static JsonNode json(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        engine.close();
        time.runPending();
    }

    static final class FakeState implements StateView {
        private final Map<String, JsonNode> values = new HashMap<>();

        void forget(String device, String attribute) {
            values.remove(device + "." + attribute);
        }

        Optional<JsonNode> put(String device, String attribute, JsonNode value) {
            return Optional.ofNullable(values.put(device + "." + attribute, value));
        }

        @Override
        public Optional<JsonNode> attribute(String deviceId, String attribute) {
            return Optional.ofNullable(values.get(deviceId + "." + attribute));
        }
    }

    /** Replies ok at once, unless told to hold replies; held replies are completed by the test. */
    static final class FakeCommands implements CommandSink {
        static final CommandResult OK = new CommandResult.Replied(true, Optional.empty(), Optional.empty());

        final List<CommandRequest> requests = new ArrayList<>();
        final List<CompletableFuture<CommandResult>> replies = new ArrayList<>();
        boolean holdReplies;

        @Override
        public CompletionStage<CommandResult> send(CommandRequest request) {
            requests.add(request);
            CompletableFuture<CommandResult> reply = new CompletableFuture<>();
            replies.add(reply);
            if (!holdReplies) {
                reply.complete(OK);
            }
            return reply;
        }

        void reply(int index, CommandResult result) {
            replies.get(index).complete(result);
        }
    }
}
