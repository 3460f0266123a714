package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.time.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delays and wait_fors nested in choose, repeat, parallel and sequence survive a restart: the run
 * is stopped mid-wait, a new engine starts on the same journal (the same in-memory instance, or a
 * new {@link FileTimerJournal} on the same folder), time passes, and the rest of the run happens.
 */
class NestedTimersTest {
    private static final String RULE = """
            rules:
              - id: nested
                %s
                when: [ { state: bed-1.occupant, to: awake } ]
                then:
            %s
            """;

    @TempDir
    Path dir;

    private final VirtualTime time = VirtualTime.at(EngineHarness.MONDAY_7AM);
    private final InMemoryTimerJournal memory = new InMemoryTimerJournal();

    /** The journal a (re)started hub finds: the same instance in memory, a new reader of the same folder on disk. */
    private TimerJournal journal(String kind) {
        return kind.equals("file") ? new FileTimerJournal(dir.resolve("timers")) : memory;
    }

    private EngineHarness engineOn(TimerJournal journal) {
        return new EngineHarness(dir, time, builder -> builder.timers(journal), true);
    }

    /**
     * {@code then} is the rule's actions (indented by 6), triggered at 07:00; {@code before} and
     * {@code after} are scripts run before the stop and after the restart.
     */
    record Case(String name, String then, String before, List<String> sentBefore, String after, List<String> sentAfter) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = List.of(
                new Case("delay in a sequence", """
                              - command: a.first
                              - sequence:
                                  - command: a.s1
                                  - delay: 10m
                                  - command: a.s2
                              - command: a.last
                        """, "+3m", List.of("a.first", "a.s1"), "+20m", List.of("a.s2", "a.last")),
                new Case("delay in a choose branch (not evaluated again)", """
                              - choose:
                                  - if: [ { state: bed-1.occupant, is: awake } ]
                                    then: [ { delay: 10m }, { command: a.branch1 } ]
                                default: [ { command: a.default } ]
                              - command: a.last
                        """, "+3m", List.of(), "bed-1.occupant=\"asleep\"; +20m", List.of("a.branch1", "a.last")),
                new Case("delay in a choose default", """
                              - choose:
                                  - if: [ { state: bed-1.occupant, is: asleep } ]
                                    then: [ { command: a.branch1 } ]
                                default: [ { delay: 10m }, { command: a.default } ]
                              - command: a.last
                        """, "+3m", List.of(), "+20m", List.of("a.default", "a.last")),
                new Case("delay in the second pass of a repeat", """
                              - repeat:
                                  count: 3
                                  then:
                                    - command: a.tick
                                      args: { n: "${vars.repeat.index}" }
                                    - delay: 10m
                              - command: a.done
                        """, "+13m", List.of("a.tick", "a.tick"), "+30m", List.of("a.tick", "a.done")),
                new Case("delay in the only waiting branch of a parallel", """
                              - parallel:
                                  - command: a.p1
                                  - sequence: [ { delay: 10m }, { command: a.p2 } ]
                              - command: a.last
                        """, "+3m", List.of("a.p1"), "+20m", List.of("a.p2", "a.last")),
                new Case("delays in two branches of a parallel", """
                              - parallel:
                                  - sequence: [ { delay: 5m }, { command: a.p1 } ]
                                  - sequence: [ { delay: 10m }, { command: a.p2 } ]
                              - command: a.last
                        """, "+3m", List.of(), "+20m", List.of("a.p1", "a.p2", "a.last")),
                new Case("a parallel whose other branch finished after the entry was written", """
                              - parallel:
                                  - sequence: [ { delay: 5m }, { command: a.p1 } ]
                                  - sequence: [ { delay: 10m }, { command: a.p2 } ]
                              - command: a.last
                        """, "+7m", List.of("a.p1"), "+20m", List.of("a.p2", "a.last")),
                new Case("wait_for in a sequence in a repeat", """
                              - repeat:
                                  count: 2
                                  then:
                                    - sequence:
                                        - wait_for: { state: coffee-1.status, to: ready }
                                          timeout: 10m
                                        - command: a.poured
                                          args: { n: "${vars.repeat.index}" }
                              - command: a.done
                        """, "+3m", List.of(), "coffee-1.status=\"ready\"; coffee-1.status=\"busy\"; coffee-1.status=\"ready\"",
                        List.of("a.poured", "a.poured", "a.done")),
                new Case("wait_for timing out in a choose, continue_on_timeout", """
                              - choose:
                                  - if: [ { expr: "trigger.to == 'awake'" } ]
                                    then:
                                      - wait_for: { state: coffee-1.status, to: ready }
                                        timeout: 10m
                                        continue_on_timeout: true
                                      - command: a.anyway
                        """, "+3m", List.of(), "+8m", List.of("a.anyway")));
        return cases.stream().flatMap(c -> Stream.of(Arguments.of(c, "memory"), Arguments.of(c, "file")));
    }

    @ParameterizedTest(name = "{0} ({1} journal)")
    @MethodSource("cases")
    void aNestedWaitGoesOnAfterARestart(Case c, String journalKind) {
        String yaml = RULE.formatted("", c.then().stripTrailing());
        try (EngineHarness before = engineOn(journal(journalKind))) {
            before.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            before.rules(yaml);
            before.report("bed-1", "occupant", "\"awake\"");
            Script.run(before, c.before());
            assertThat(before.sentCommands()).containsExactlyElementsOf(c.sentBefore());
        }
        assertThat(journal(journalKind).all()).isNotEmpty().allSatisfy(entry ->
                assertThat(entry.data().get("path").size()).isGreaterThan(1));

        try (EngineHarness after = engineOn(journal(journalKind))) {
            after.state.put("bed-1", "occupant", EngineHarness.json("\"awake\""));
            after.state.put("coffee-1", "status", EngineHarness.json("\"busy\"")); // known: a wait_for ignores a change out of unknown
            after.rules(yaml);
            Script.run(after, c.after());

            assertThat(after.sentCommands()).containsExactlyElementsOf(c.sentAfter());
            assertThat(after.outcomes()).containsExactly(RunOutcome.COMPLETED);
            assertThat(after.runs.get(0).trigger()).contains("resumed from the timer journal");
            // Every branch that had not finished was at a journaled wait: nothing is reported lost.
            assertThat(after.lastTrace("nested").steps()).map(TraceStep::toString).noneMatch(step -> step.contains("NOT resumed"));
        }
        assertThat(journal(journalKind).all()).isEmpty();
    }

    @Test
    void theRepeatGoesOnWithItsPassAndVariables() {
        String yaml = RULE.formatted("", """
                      - variables: { cups: 2 }
                      - repeat:
                          count: 3
                          then:
                            - delay: 10m
                            - command: a.tick
                              args: { n: "${vars.repeat.index}", cups: "${vars.cups}" }
                """.stripTrailing());
        try (EngineHarness before = engineOn(memory)) {
            before.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            before.rules(yaml);
            before.report("bed-1", "occupant", "\"awake\"");
            time.advance(Duration.ofMinutes(15));
        }
        try (EngineHarness after = engineOn(memory)) {
            after.rules(yaml);
            time.advance(Duration.ofMinutes(30));

            assertThat(after.commands.requests).extracting(request -> request.args().toString())
                    .containsExactly("{\"n\":2,\"cups\":2}", "{\"n\":3,\"cups\":2}");
            assertThat(after.runs.get(0).at()).isEqualTo(EngineHarness.MONDAY_7AM.plusMinutes(30).toInstant());
        }
    }

    @Test
    void aParallelBranchAwaitingACommandReplyIsNotResumedAndTheTraceSaysSo() {
        String yaml = RULE.formatted("", """
                      - parallel:
                          - command: a.slow
                            timeout: 1m
                          - sequence: [ { delay: 10m }, { command: a.p2 } ]
                      - command: a.last
                """.stripTrailing());
        try (EngineHarness before = engineOn(journal("file"))) {
            before.commands.holdReplies = true;
            before.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            before.rules(yaml);
            before.report("bed-1", "occupant", "\"awake\"");
            time.advance(Duration.ofSeconds(30));
            assertThat(before.sentCommands()).containsExactly("a.slow");
        }
        try (EngineHarness after = engineOn(journal("file"))) {
            after.rules(yaml);
            time.advance(Duration.ofMinutes(20));

            assertThat(after.sentCommands()).containsExactly("a.p2", "a.last");
            assertThat(after.lastTrace("nested").steps()).map(TraceStep::toString).anySatisfy(step ->
                    assertThat(step).contains("parallel").contains("resumed branch 2 of 2")
                            .contains("NOT resumed: branch 1").contains("command awaiting its reply"));
        }
    }

    @ParameterizedTest(name = "down until {0} past the deadline")
    @ValueSource(strings = {"3m", "20m"})
    void aMissedNestedDeadlineFollowsTheMissedPolicy(String late) {
        String yaml = RULE.formatted("", """
                      - choose:
                          - if: [ { expr: "true" } ]
                            then: [ { delay: 10m }, { command: a.branch1 } ]
                      - command: a.last
                """.stripTrailing());
        try (EngineHarness before = engineOn(memory)) {
            before.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            before.rules(yaml);
            before.report("bed-1", "occupant", "\"awake\"");
        }
        time.advance(Duration.ofMinutes(10).plus(dev.hearth.rules.yaml.Durations.parse(late).orElseThrow()));
        try (EngineHarness after = engineOn(memory)) {
            after.rules(yaml);
            boolean fires = late.equals("3m"); // the default: grace 5m
            assertThat(after.sentCommands()).hasSize(fires ? 2 : 0);
            assertThat(after.runs).singleElement().satisfies(run -> {
                assertThat(run.outcome()).isEqualTo(fires ? RunOutcome.COMPLETED : RunOutcome.CANCELLED);
                assertThat(fires ? run.trigger() : run.detail()).contains("delay (nested, at action 0b0_0)")
                        .contains("missed by " + late).contains(fires ? "fired late" : "skipped");
            });
            assertThat(memory.all()).isEmpty();
        }
    }

    @Test
    void anEntryWrittenBeforeNestedTimersStillLoads() {
        String yaml = RULE.formatted("", """
                      - command: a.first
                      - delay: 10m
                      - command: a.last
                """.stripTrailing());
        RuleSet rules = EngineHarness.load(dir, yaml);
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("index", 1)
                .put("actions", Integer.toHexString(rules.rules().get(0).actions().toString().hashCode()))
                .put("description", "bed-1.occupant asleep -> awake").put("causation", "c-1").put("depth", 0);
        data.putObject("values").put("device", "bed-1");
        data.putObject("vars");
        TimerJournal journal = journal("file");
        journal.put(new TimerJournal.Entry("run-old-1.delay", "nested", "delay",
                EngineHarness.MONDAY_7AM.plusMinutes(5).toInstant(), data));

        try (EngineHarness after = engineOn(journal)) {
            after.rules(yaml);
            time.advance(Duration.ofMinutes(10));
            assertThat(after.sentCommands()).containsExactly("a.last");
        }
        assertThat(journal.all()).isEmpty();
    }

    @Test
    void aWaitForWithoutTimeoutHasNoDeadlineAndIsNotJournaled() {
        String yaml = RULE.formatted("", """
                      - sequence:
                          - wait_for: { state: coffee-1.status, to: ready }
                      - command: a.last
                """.stripTrailing());
        List<TimerJournal.Entry> seen = new ArrayList<>();
        try (EngineHarness before = engineOn(memory)) {
            before.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            before.rules(yaml);
            before.report("bed-1", "occupant", "\"awake\"");
            seen.addAll(memory.all());
        }
        assertThat(seen).isEmpty();
    }
}
