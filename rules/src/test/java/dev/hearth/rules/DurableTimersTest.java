package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.rules.time.VirtualTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Deadlines that survive a restart: stop an engine, start a new one on the same journal, advance time. */
class DurableTimersTest {
    private static final String HELD = """
            rules:
              - id: held
                %s
                when: [ { state: bed-1.occupant, to: awake, for: 10m } ]
                then: [ { command: coffee-1.brew } ]
            """;

    @TempDir
    Path dir;

    private final VirtualTime time = VirtualTime.at(EngineHarness.MONDAY_7AM);

    private EngineHarness engineOn(TimerJournal journal) {
        return new EngineHarness(dir, time, builder -> builder.timers(journal), true);
    }

    private TimerJournal journal() {
        return new FileTimerJournal(dir.resolve("timers"));
    }

    @Test
    void aHoldSurvivesARestartAndFiresOnTime() {
        TimerJournal journal = journal();
        try (EngineHarness before = engineOn(journal)) {
            before.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            before.rules(HELD.formatted(""));
            before.report("bed-1", "occupant", "\"awake\"");
            time.advance(Duration.ofMinutes(2));
        }
        assertThat(journal.all()).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo("for");
            assertThat(entry.due()).isEqualTo(EngineHarness.MONDAY_7AM.plusMinutes(10).toInstant());
        });

        try (EngineHarness after = engineOn(journal())) {
            after.rules(HELD.formatted(""));
            time.advance(Duration.ofMinutes(8).minusSeconds(1));
            assertThat(after.commands.requests).isEmpty();

            time.advance(Duration.ofSeconds(1));
            assertThat(after.sentCommands()).containsExactly("coffee-1.brew");
            assertThat(after.runs.get(0).at()).isEqualTo(EngineHarness.MONDAY_7AM.plusMinutes(10).toInstant());
        }
        assertThat(journal.all()).isEmpty();
    }

    @Test
    void aHoldCancelledAfterTheRestartDoesNotFire() {
        TimerJournal journal = journal();
        try (EngineHarness before = engineOn(journal)) {
            before.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            before.rules(HELD.formatted(""));
            before.report("bed-1", "occupant", "\"awake\"");
        }
        try (EngineHarness after = engineOn(journal)) {
            after.state.put("bed-1", "occupant", EngineHarness.json("\"awake\""));
            after.rules(HELD.formatted(""));
            after.report("bed-1", "occupant", "\"asleep\"");
            time.advance(Duration.ofMinutes(20));

            assertThat(after.commands.requests).isEmpty();
            assertThat(journal.all()).isEmpty();
        }
    }

    @ParameterizedTest(name = "missed: {0}, down {1}: fires {2}")
    @CsvSource(delimiter = '|', nullValues = "default", textBlock = """
            default   | 12m | true
            default   | 16m | false
            fire      | 3h  | true
            skip      | 11m | false
            grace 30m | 35m | true
            grace 30m | 45m | false
            """)
    void aMissedHoldFollowsTheRulesPolicy(String policy, String down, boolean fires) {
        TimerJournal journal = new InMemoryTimerJournal();
        String yaml = HELD.formatted(policy == null ? "" : "missed: " + policy);
        try (EngineHarness before = engineOn(journal)) {
            before.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            before.rules(yaml);
            before.report("bed-1", "occupant", "\"awake\"");
        }
        // Down for this long: the hold fell due 10 minutes after it started, so it is 10 minutes less late.
        time.advance(dev.hearth.rules.yaml.Durations.parse(down).orElseThrow());

        try (EngineHarness after = engineOn(journal)) {
            after.rules(yaml);

            assertThat(after.commands.requests).hasSize(fires ? 1 : 0);
            assertThat(after.runs).singleElement().satisfies(run -> {
                assertThat(run.outcome()).isEqualTo(fires ? RunOutcome.COMPLETED : RunOutcome.CANCELLED);
                assertThat(fires ? run.trigger() : run.detail()).contains("deadline").contains("missed by")
                        .contains(fires ? "fired late" : "skipped");
            });
            assertThat(journal.all()).isEmpty();
        }
    }

    @Test
    void aDelayedRunGoesOnAfterARestartWithItsVariables() {
        String yaml = """
                rules:
                  - id: later
                    when: [ { state: bed-1.occupant, to: awake } ]
                    then:
                      - variables: { cups: 2 }
                      - command: coffee-1.warm
                      - delay: 10m
                      - command: coffee-1.brew
                        args: { cups: "${vars.cups}", who: "${trigger.device}" }
                """;
        TimerJournal journal = journal();
        try (EngineHarness before = engineOn(journal)) {
            before.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            before.rules(yaml);
            before.report("bed-1", "occupant", "\"awake\"");
            time.advance(Duration.ofMinutes(3));
            assertThat(before.sentCommands()).containsExactly("coffee-1.warm");
        }
        assertThat(journal.all()).singleElement().satisfies(entry -> assertThat(entry.kind()).isEqualTo("delay"));

        try (EngineHarness after = engineOn(journal)) {
            after.rules(yaml);
            time.advance(Duration.ofMinutes(7));

            assertThat(after.commands.requests).singleElement().satisfies(request -> {
                assertThat(request.command()).isEqualTo("brew");
                assertThat(request.args()).isEqualTo(EngineHarness.json("{\"cups\": 2, \"who\": \"bed-1\"}"));
            });
            assertThat(after.outcomes()).containsExactly(RunOutcome.COMPLETED);
        }
        assertThat(journal.all()).isEmpty();
    }

    @ParameterizedTest(name = "after the restart: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            coffee-1.status="busy"; coffee-1.status="ready" | coffee-1.pour
            +8m                                             | coffee-1.pour
            +6m                                             |
            """)
    void aWaitForGoesOnAfterARestart(String events, String expected) {
        String yaml = """
                rules:
                  - id: pour
                    when: [ { state: bed-1.occupant, to: awake } ]
                    then:
                      - command: coffee-1.brew
                      - wait_for: { state: coffee-1.status, to: ready }
                        timeout: 10m
                        continue_on_timeout: true
                      - command: coffee-1.pour
                """;
        TimerJournal journal = journal();
        try (EngineHarness before = engineOn(journal)) {
            before.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            before.rules(yaml);
            before.report("bed-1", "occupant", "\"awake\"");
            time.advance(Duration.ofMinutes(3));
        }
        assertThat(journal.all()).singleElement().satisfies(entry -> assertThat(entry.kind()).isEqualTo("wait_for"));

        try (EngineHarness after = engineOn(journal)) {
            after.rules(yaml);
            Script.run(after, events);

            assertThat(after.sentCommands()).containsExactlyElementsOf(expected == null ? java.util.List.of() : java.util.List.of(expected));
        }
    }

    @ParameterizedTest(name = "replaced by {0}")
    @CsvSource(delimiter = '|', textBlock = """
            the same rule after another     | true
            the rule with another 'for'     | false
            no such rule                    | false
            """)
    void aReloadKeepsTheHoldsOfUnchangedRulesOnly(String replacement, boolean fires) {
        TimerJournal journal = new InMemoryTimerJournal();
        try (EngineHarness hub = engineOn(journal)) {
            hub.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            hub.rules(HELD.formatted(""));
            hub.report("bed-1", "occupant", "\"awake\"");
            time.advance(Duration.ofMinutes(4));

            String other = "  - id: other\n    when: [ { at: \"05:00\" } ]\n    then: [ { command: x.y } ]\n";
            hub.rules(switch (replacement) {
                case "the same rule after another" -> "rules:\n" + other + HELD.formatted("").replace("rules:\n", "");
                case "the rule with another 'for'" -> HELD.formatted("").replace("for: 10m", "for: 11m");
                default -> "rules:\n" + other;
            });
            time.advance(Duration.ofMinutes(6));

            assertThat(hub.commands.requests).hasSize(fires ? 1 : 0);
            if (fires) {
                assertThat(hub.runs).last().satisfies(run ->
                        assertThat(run.at()).isEqualTo(EngineHarness.MONDAY_7AM.plusMinutes(10).toInstant()));
            }
            time.advance(Duration.ofMinutes(10));
            assertThat(hub.commands.requests).hasSize(fires ? 1 : 0);
            assertThat(journal.all()).isEmpty();
        }
    }

    @Test
    void theFileJournalWritesWholeEntriesAndReadsThemBack() throws IOException {
        Path folder = dir.resolve("journal");
        FileTimerJournal journal = new FileTimerJournal(folder);
        Instant due = Instant.parse("2025-01-06T06:10:00Z");
        journal.put(new TimerJournal.Entry("r.for.0", "r", "for", due, JsonNodeFactory.instance.objectNode().put("x", 1)));
        journal.put(new TimerJournal.Entry("r/odd id", "r", "delay", due.minusSeconds(60), JsonNodeFactory.instance.objectNode()));
        Files.writeString(folder.resolve("broken.timer.json"), "{ not json");

        FileTimerJournal reopened = new FileTimerJournal(folder);
        assertThat(reopened.all()).extracting(TimerJournal.Entry::id).containsExactly("r/odd id", "r.for.0");
        assertThat(reopened.all().get(1).data().get("x").asInt()).isEqualTo(1);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith(".tmp-"));
        }

        reopened.remove("r.for.0");
        reopened.remove("r/odd id");
        assertThat(new FileTimerJournal(folder).all()).isEmpty();
    }
}
