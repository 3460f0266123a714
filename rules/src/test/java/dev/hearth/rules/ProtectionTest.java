package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loop and storm protection: the causation depth limit, the rate breaker and the load-time cycle check. */
class ProtectionTest {
    /** Two rules that toggle each other's lamp: a loop as soon as either lamp changes. */
    private static final String PING_PONG = """
            rules:
              - id: ping
                when: [ { state: lamp-1.on } ]
                then: [ { command: lamp-2.toggle } ]
              - id: pong
                when: [ { state: lamp-2.on } ]
                then: [ { command: lamp-1.toggle } ]
            """;

    @TempDir
    Path dir;

    /** Plays the lamps: each toggle sent flips the lamp's state, as a real device would report it. */
    private static void playLamps(EngineHarness hub) {
        int handled = 0;
        while (handled < hub.commands.requests.size() && handled < 100) {
            CommandRequest request = hub.commands.requests.get(handled++);
            boolean on = hub.state.attribute(request.deviceId(), "on").map(value -> value.asBoolean()).orElse(false);
            hub.report(request.deviceId(), "on", String.valueOf(!on));
        }
    }

    @Test
    void aLoopBetweenTwoRulesStopsAtTheDepthLimit() {
        try (EngineHarness hub = new EngineHarness(dir)) {
            hub.state.put("lamp-1", "on", EngineHarness.json("false"));
            hub.state.put("lamp-2", "on", EngineHarness.json("false"));
            hub.rules(PING_PONG);

            hub.report("lamp-1", "on", "true");
            playLamps(hub);

            assertThat(hub.commands.requests).extracting(CommandRequest::causation).extracting(Causation::depth)
                    .containsExactly(1, 2, 3, 4, 5);
            assertThat(hub.commands.requests).extracting(request -> request.causation().id()).containsOnly(
                    hub.commands.requests.get(0).causation().id());
            RunReport last = hub.runs.get(hub.runs.size() - 1);
            assertThat(last.outcome()).isEqualTo(RunOutcome.STOPPED);
            assertThat(last.ruleId()).isEqualTo("pong");
            assertThat(last.detail()).contains("reached the depth limit 5");
            assertThat(hub.lastTrace("pong").steps()).anySatisfy(step ->
                    assertThat(step.kind()).isEqualTo(TraceStep.Kind.PROTECTION));
        }
    }

    @Test
    void aCausationPassedOnByTheHostCountsToo() {
        try (EngineHarness hub = new EngineHarness(dir)) {
            hub.state.put("lamp-1", "on", EngineHarness.json("false"));
            hub.rules(PING_PONG);

            hub.engine.onStateChange(new StateChange("lamp-1", "on", java.util.Optional.of(EngineHarness.json("false")),
                    EngineHarness.json("true"), hub.time.now(), new Causation("from-hub", 5)));
            hub.time.runPending();

            assertThat(hub.commands.requests).isEmpty();
            assertThat(hub.runs).singleElement().satisfies(run -> {
                assertThat(run.outcome()).isEqualTo(RunOutcome.STOPPED);
                assertThat(run.causation()).isEqualTo(new Causation("from-hub", 5));
            });
        }
    }

    @Test
    void theRateBreakerDisablesARuleThatRunsTooOften() {
        try (EngineHarness hub = new EngineHarness(dir)) {
            hub.rules("""
                    rules:
                      - id: chatty
                        mode: parallel
                        max: 100
                        when: [ { telemetry: meter-1 } ]
                        then: [ { command: log-1.write } ]
                    """);

            for (int sample = 0; sample < 25; sample++) {
                hub.telemetry("meter-1", "{\"w\": " + sample + "}");
            }

            assertThat(hub.commands.requests).hasSize(20);
            assertThat(hub.outcomes()).filteredOn(outcome -> outcome == RunOutcome.STOPPED).hasSize(1);
            assertThat(hub.runs.stream().filter(run -> run.outcome() == RunOutcome.STOPPED).findFirst().orElseThrow().detail())
                    .startsWith("rate breaker tripped: more than 20 runs within 10s; the rule is disabled");
            assertThat(hub.outcomes()).filteredOn(outcome -> outcome == RunOutcome.DROPPED).hasSize(4);

            hub.time.advance(java.time.Duration.ofMinutes(1));
            hub.telemetry("meter-1", "{\"w\": 0}");
            assertThat(hub.commands.requests).as("still disabled").hasSize(20);

            hub.engine.setEnabled("chatty", true);
            hub.telemetry("meter-1", "{\"w\": 0}");
            assertThat(hub.commands.requests).hasSize(21);
        }
    }

    @Test
    void loadingWarnsOfRulesThatCanTriggerEachOtherInACycle() throws IOException {
        Path file = Files.writeString(dir.resolve("loop.yaml"), PING_PONG + """
              - id: lonely
                when: [ { state: door-1.open } ]
                then: [ { command: lamp-9.on } ]
              - id: self
                when: [ { state: fan-1.speed } ]
                then: [ { desired: fan-1, state: { speed: 1 } } ]
            """);

        LoadResult result = new RulesLoader().load(file);

        assertThat(result).isInstanceOf(LoadResult.Loaded.class);
        List<String> warnings = ((LoadResult.Loaded) result).warnings().stream().map(LoadError::toString).toList();
        assertThat(warnings).containsExactly(
                file + ":2:5: warning: rules can trigger each other in a cycle: ping -> pong -> ping (each acts on a "
                        + "device the next triggers on); at run time a chain deeper than the depth limit is stopped",
                file + ":11:5: warning: rules can trigger each other in a cycle: self -> self (each acts on a "
                        + "device the next triggers on); at run time a chain deeper than the depth limit is stopped");
    }
}
