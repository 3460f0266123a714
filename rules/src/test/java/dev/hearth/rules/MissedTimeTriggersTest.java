package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.rules.time.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code at:}, {@code cron:} and {@code sun:} moments that passed while the engine was down: at the
 * next start, the last one follows the rule's {@code missed:} policy, and the trace says what was
 * decided. The engine's last-alive time is in the timer journal.
 */
class MissedTimeTriggersTest {
    private static final ZonedDateTime SIX = ZonedDateTime.parse("2025-01-06T06:00:00+01:00[Europe/Paris]");
    private static final String WAKE = """
            rules:
              - id: wake
                %s
                when: [ %s ]
                then: [ { command: coffee-1.brew } ]
            """;

    @TempDir
    Path dir;

    private final InMemoryTimerJournal memory = new InMemoryTimerJournal();

    private TimerJournal journal(String kind) {
        return kind.equals("file") ? new FileTimerJournal(dir.resolve("timers")) : memory;
    }

    private static String rule(String missed, String trigger) {
        return WAKE.formatted(missed.isEmpty() ? "" : "missed: " + missed, trigger);
    }

    /** A hub on {@code time}: started first, then its rules loaded (as the harness does). */
    private EngineHarness hub(VirtualTime time, TimerJournal journal, String yaml) {
        return hub(time, journal, yaml, builder -> { });
    }

    private EngineHarness hub(VirtualTime time, TimerJournal journal, String yaml, Consumer<RuleEngine.Builder> more) {
        EngineHarness hub = new EngineHarness(dir, time, builder -> more.accept(builder.timers(journal)), true);
        hub.rules(yaml);
        return hub;
    }

    /** Runs 06:00 to {@code stop}, closes, is down until {@code restart}, then runs a minute. */
    private EngineHarness downFromTo(String journalKind, String yaml, String stop, String restart) {
        VirtualTime time = VirtualTime.at(SIX);
        try (EngineHarness before = hub(time, journal(journalKind), yaml)) {
            time.advanceTo(SIX.with(java.time.LocalTime.parse(stop)).toInstant());
            assertThat(before.commands.requests).isEmpty();
        }
        time.advanceTo(SIX.with(java.time.LocalTime.parse(restart)).toInstant());
        return hub(time, journal(journalKind), yaml);
    }

    @ParameterizedTest(name = "missed: {0}, down 06:10-{1} ({2} journal): {3}")
    @CsvSource(delimiter = '|', textBlock = """
                      | 06:33 | memory | missed 06:30 while down; fired 3m late (missed: grace 5m)
                      | 06:33 | file   | missed 06:30 while down; fired 3m late (missed: grace 5m)
                      | 06:35 | memory | missed 06:30 while down; fired 5m late (missed: grace 5m)
                      | 08:30 | memory | missed 06:30 while down; skipped: 2h late (missed: grace 5m)
                      | 08:30 | file   | missed 06:30 while down; skipped: 2h late (missed: grace 5m)
            fire      | 08:30 | memory | missed 06:30 while down; fired 2h late (missed: fire)
            skip      | 06:31 | file   | missed 06:30 while down; skipped: 1m late (missed: skip)
            grace 3h  | 08:30 | file   | missed 06:30 while down; fired 2h late (missed: grace 3h)
            """)
    void anAtMomentMissedWhileDownFollowsThePolicy(String missed, String restart, String journalKind, String decision) {
        String yaml = rule(missed == null ? "" : missed, "{ at: \"06:30\" }");
        try (EngineHarness after = downFromTo(journalKind, yaml, "06:10", restart)) {
            boolean fires = decision.contains("fired");
            assertThat(after.sentCommands()).hasSize(fires ? 1 : 0);
            assertThat(after.runs).singleElement().satisfies(run -> {
                assertThat(run.outcome()).isEqualTo(fires ? RunOutcome.COMPLETED : RunOutcome.CANCELLED);
                assertThat(fires ? run.trigger() : run.detail()).contains(decision);
            });
            assertThat(after.lastTrace("wake").triggerValues().get("at").asText()).isEqualTo("2025-01-06T06:30+01:00");

            // The next day's moment is on time, once.
            after.time.advance(Duration.ofDays(1));
            assertThat(after.sentCommands()).hasSize(fires ? 2 : 1);
        }
    }

    @Test
    void aMomentThatFiredBeforeTheStopIsNotFiredAgain() {
        String yaml = rule("fire", "{ at: \"06:30\" }");
        try (EngineHarness after = downFromTo("file", yaml.replace("coffee-1.brew", "coffee-1.warm"), "06:10", "06:10")) {
            after.time.advanceTo(SIX.withMinute(40).toInstant());
            assertThat(after.sentCommands()).containsExactly("coffee-1.warm");
        }
        VirtualTime time = VirtualTime.at(SIX.withMinute(50));
        try (EngineHarness again = hub(time, journal("file"), yaml)) {
            assertThat(again.commands.requests).isEmpty();
            assertThat(again.runs).isEmpty();
        }
    }

    @ParameterizedTest(name = "crashed at {0}")
    @CsvSource(delimiter = '|', textBlock = """
            06:20 | 1
            06:40 | 0
            """)
    void afterACrashTheLastFireOrStartIsTheLastAliveTime(String crash, int caughtUp) {
        String yaml = rule("", "{ at: \"06:30\" }");
        VirtualTime first = VirtualTime.at(SIX);
        // No close: the hub dies. Its virtual time is simply abandoned, with whatever it had pending.
        EngineHarness dead = hub(first, journal("file"), yaml);
        first.advanceTo(SIX.with(java.time.LocalTime.parse(crash)).toInstant());
        int firedBefore = dead.commands.requests.size();

        VirtualTime second = VirtualTime.at(SIX.withMinute(33));
        try (EngineHarness after = hub(second, journal("file"), yaml)) {
            assertThat(firedBefore + after.commands.requests.size()).isEqualTo(1);
            assertThat(after.commands.requests).hasSize(caughtUp);
        }
    }

    @Test
    void onlyTheLastMissedCronMomentCounts() {
        String yaml = rule("", "{ cron: \"*/15 * * * *\" }");
        try (EngineHarness after = downFromTo("memory", yaml.replace("coffee-1.brew", "coffee-1.warm"), "06:10", "06:48")) {
            assertThat(after.sentCommands()).containsExactly("coffee-1.warm");
            assertThat(after.runs).singleElement().satisfies(run ->
                    assertThat(run.trigger()).contains("missed 06:45 while down; fired 3m late"));
            after.time.advanceTo(SIX.withHour(7).toInstant());
            assertThat(after.sentCommands()).hasSize(2);
        }
    }

    @ParameterizedTest(name = "missed: {0}")
    @ValueSource(strings = {"grace 1h", "grace 5m"})
    void aSunsetMissedWhileDown(String missed) {
        String yaml = rule(missed, "{ sun: sunset }");
        Consumer<RuleEngine.Builder> paris = builder -> builder.settings(EngineSettings.DEFAULTS.withLocation(48.85, 2.35));
        VirtualTime time = VirtualTime.at(SIX.withHour(16));
        try (EngineHarness before = hub(time, memory, yaml, paris)) {
            assertThat(before.commands.requests).isEmpty();
        }
        time.advanceTo(SIX.withHour(17).withMinute(45).toInstant()); // sunset in Paris on 6 January: about 17:12
        try (EngineHarness after = hub(time, memory, yaml, paris)) {
            Trace trace = after.lastTrace("wake");
            OffsetDateTime sunset = OffsetDateTime.parse(trace.triggerValues().get("at").asText());
            assertThat(sunset).isBetween(SIX.withHour(17).toOffsetDateTime(), SIX.withHour(17).withMinute(30).toOffsetDateTime());
            boolean fires = missed.equals("grace 1h");
            assertThat(after.commands.requests).hasSize(fires ? 1 : 0);
            assertThat(fires ? trace.trigger() : trace.detail()).contains("while down; " + (fires ? "fired" : "skipped"));
        }
    }

    @Test
    void aJournalWithoutALastAliveTimeCatchesNothingUp() {
        VirtualTime time = VirtualTime.at(SIX.withMinute(33));
        try (EngineHarness hub = hub(time, journal("file"), rule("fire", "{ at: \"06:30\" }"))) {
            assertThat(hub.runs).isEmpty();
        }
        assertThat(journal("file").lastAlive()).contains(SIX.withMinute(33).toInstant());
    }

    @Test
    void anEngineStartedWithItsRulesCatchesUpAtStart() {
        String yaml = rule("", "{ at: \"06:30\" }");
        memory.alive(SIX.withMinute(10).toInstant());
        VirtualTime time = VirtualTime.at(SIX.withMinute(32));
        try (EngineHarness hub = new EngineHarness(dir, time, builder -> builder.timers(memory), false)) {
            hub.engine.replace(EngineHarness.load(dir, yaml));
            hub.engine.start();
            time.runPending();
            assertThat(hub.sentCommands()).containsExactly("coffee-1.brew");

            // A reload is no restart: nothing is caught up again.
            hub.rules(yaml.replace("coffee-1.brew", "coffee-1.warm"));
            assertThat(hub.sentCommands()).containsExactly("coffee-1.brew");
        }
    }

    @Test
    void anEngineThatNeverRanDoesNotMoveTheLastAliveTime() {
        memory.alive(SIX.toInstant());
        VirtualTime time = VirtualTime.at(SIX.withHour(9));
        new EngineHarness(dir, time, builder -> builder.timers(memory), false).close();
        new EngineHarness(dir, time, builder -> builder.timers(memory), true).close(); // started without rules
        assertThat(memory.lastAlive()).contains(SIX.toInstant());
    }
}
