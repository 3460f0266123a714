package dev.hearth.rules;

import static dev.hearth.rules.EngineHarness.FakeCommands.OK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.rules.time.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a run's trace holds, the mode decisions in it, the store's queries, and dry-run. */
class TracesTest {
    private static final String COFFEE = """
            rules:
              - id: coffee
                mode: %s
                when: [ { state: bed-1.occupant, to: awake } ]
                if: [ { state: coffee-1.status, is: idle } ]
                then: [ { command: coffee-1.brew, args: { cups: 1 } } ]
            """;

    @TempDir
    Path dir;

    private EngineHarness hub() {
        EngineHarness hub = new EngineHarness(dir);
        hub.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
        hub.state.put("coffee-1", "status", EngineHarness.json("\"idle\""));
        return hub;
    }

    @Test
    void aTraceHoldsTheTriggerConditionsActionsRepliesAndTiming() {
        try (EngineHarness hub = hub()) {
            hub.rules(COFFEE.formatted("single"));
            hub.commands.holdReplies = true;

            hub.report("bed-1", "occupant", "\"awake\"");
            hub.time.advance(Duration.ofMillis(1500));
            hub.commands.reply(0, new CommandResult.Replied(true, java.util.Optional.of(EngineHarness.json("{\"eta\": 90}")),
                    java.util.Optional.empty()));
            hub.time.runPending();

            Trace trace = hub.lastTrace("coffee");
            assertThat(trace.trigger()).isEqualTo("bed-1.occupant asleep -> awake");
            assertThat(trace.triggerValues()).isEqualTo(EngineHarness.json(
                    "{\"kind\":\"state\",\"device\":\"bed-1\",\"attribute\":\"occupant\",\"from\":\"asleep\",\"to\":\"awake\"}"));
            assertThat(trace.outcome()).isEqualTo(RunOutcome.COMPLETED);
            assertThat(trace.causation().id()).isNotEmpty();
            assertThat(trace.causation().depth()).isZero();
            assertThat(trace.devices()).containsExactlyInAnyOrder("bed-1", "coffee-1");
            assertThat(trace.steps()).extracting(TraceStep::toString).containsExactly(
                    "condition state coffee-1.status is idle: true",
                    "action command coffee-1.brew {\"cups\":1}: replied ok: {\"eta\":90}");
            assertThat(trace.steps().get(1).took()).isEqualTo(Duration.ofMillis(1500));
            assertThat(Duration.between(trace.started(), trace.ended())).isEqualTo(Duration.ofMillis(1500));
            assertThat(hub.runs.get(0).runId()).isEqualTo(trace.runId());
            assertThat(hub.commands.requests.get(0).causation()).isEqualTo(trace.causation().next());
        }
    }

    @ParameterizedTest(name = "mode {0}")
    @CsvSource(delimiter = '|', textBlock = """
            single   | DROPPED   | dropped: a run is already in progress (mode single)
            queued   | COMPLETED | queued behind the run in progress (1 waiting)
            restart  | COMPLETED | restarted the run in progress
            parallel | COMPLETED |
            """)
    void modeDecisionsAreTraced(String mode, RunOutcome secondOutcome, String decision) {
        try (EngineHarness hub = hub()) {
            hub.rules(COFFEE.formatted(mode));
            hub.commands.holdReplies = true;

            hub.report("bed-1", "occupant", "\"awake\"");
            hub.report("bed-1", "occupant", "\"asleep\"");
            hub.report("bed-1", "occupant", "\"awake\"");
            hub.commands.replies.forEach(reply -> reply.complete(OK));
            hub.time.runPending();
            hub.commands.replies.forEach(reply -> reply.complete(OK));
            hub.time.runPending();

            List<Trace> traces = hub.traces.byRule("coffee", 10);
            Trace second = traces.stream().filter(trace -> trace.steps().stream()
                    .anyMatch(step -> step.kind() == TraceStep.Kind.MODE)).findFirst().orElse(traces.get(0));
            if (decision == null) {
                assertThat(traces).allSatisfy(trace -> assertThat(trace.steps())
                        .noneMatch(step -> step.kind() == TraceStep.Kind.MODE));
            } else {
                assertThat(second.outcome()).isEqualTo(secondOutcome);
                assertThat(second.steps()).anySatisfy(step -> assertThat(step.result()).isEqualTo(decision));
            }
        }
    }

    @Test
    void theStoreFindsByRuleDeviceAndTimeAndKeepsTheNewest() {
        InMemoryTraceStore store = new InMemoryTraceStore(3);
        VirtualTime time = VirtualTime.at(EngineHarness.MONDAY_7AM);
        try (EngineHarness hub = new EngineHarness(dir, time, builder -> builder.traces(store), true)) {
            hub.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            hub.rules("""
                    rules:
                      - id: a
                        mode: parallel
                        when: [ { telemetry: + } ]
                        then: [ { command: "lamp-1.on" } ]
                    """);
            for (String device : List.of("m-1", "m-2", "m-3", "m-4")) {
                hub.telemetry(device, "{\"x\": 1}");
                time.advance(Duration.ofMinutes(1));
            }

            assertThat(store.byRule("a", 10)).hasSize(3);
            assertThat(store.byDevice("m-1", 10)).as("the oldest went").isEmpty();
            assertThat(store.byDevice("m-4", 10)).hasSize(1);
            assertThat(store.byDevice("lamp-1", 2)).hasSize(2);
            assertThat(store.between(EngineHarness.MONDAY_7AM.plusMinutes(2).toInstant(),
                    EngineHarness.MONDAY_7AM.plusMinutes(3).toInstant(), 10))
                    .singleElement().satisfies(trace -> assertThat(trace.devices()).contains("m-3"));
        }
    }

    @ParameterizedTest(name = "dry run on the {0}")
    @CsvSource({"rule", "engine"})
    void aDryRunEvaluatesLiveAndSendsNothing(String where) {
        EngineSettings settings = EngineSettings.DEFAULTS.withDryRun(where.equals("engine"));
        try (EngineHarness hub = new EngineHarness(dir, VirtualTime.at(EngineHarness.MONDAY_7AM),
                builder -> builder.settings(settings), true)) {
            hub.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            hub.state.put("coffee-1", "status", EngineHarness.json("\"idle\""));
            hub.rules(COFFEE.formatted("single").replace("    mode:", where.equals("rule") ? "    dry_run: true\n    mode:" : "    mode:")
                    .replace("then: [", "then: [ { desired: heater-1, state: { on: true } }, "));

            hub.report("bed-1", "occupant", "\"awake\"");

            assertThat(hub.commands.requests).isEmpty();
            assertThat(hub.desired).isEmpty();
            Trace trace = hub.lastTrace("coffee");
            assertThat(trace.outcome()).isEqualTo(RunOutcome.COMPLETED);
            assertThat(trace.steps()).extracting(TraceStep::result).contains(
                    "would have set {\"on\":true} (dry run)",
                    "would have sent brew {\"cups\":1} to coffee-1 (dry run)");
        }
    }

    @Test
    void runNowSkipsTheConditionsAndADryRunOnRequestSendsNothing() {
        try (EngineHarness hub = hub()) {
            hub.rules(COFFEE.formatted("single"));
            hub.state.put("coffee-1", "status", EngineHarness.json("\"brewing\"")); // the condition would fail

            hub.engine.runNow("coffee", true);
            hub.time.runPending();
            assertThat(hub.commands.requests).isEmpty();
            Trace dry = hub.lastTrace("coffee");
            assertThat(dry.trigger()).isEqualTo("dry run on request");
            assertThat(dry.steps()).extracting(TraceStep::toString).containsExactly(
                    "condition conditions: skipped: run on request",
                    "action command coffee-1.brew {\"cups\":1}: would have sent brew {\"cups\":1} to coffee-1 (dry run)");

            hub.engine.runNow("coffee", false);
            hub.time.runPending();
            assertThat(hub.commands.requests).singleElement()
                    .satisfies(request -> assertThat(request.command()).isEqualTo("brew"));
            assertThat(hub.lastTrace("coffee").trigger()).isEqualTo("run on request");

            hub.engine.runNow("no-such-rule", false);
            hub.time.runPending();
            assertThat(hub.commands.requests).hasSize(1);
        }
    }
}
