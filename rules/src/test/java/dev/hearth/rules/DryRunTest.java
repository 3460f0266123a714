package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.rules.time.VirtualTime;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A dry run changes nothing outside itself, whichever way it is dry: every kind of action that
 * reaches beyond the run (a port, another rule, the timer journal) is only traced as "would have".
 * Rule {@code r} runs {@code then}; {@code other} starts enabled and {@code sleeping} disabled.
 */
class DryRunTest {
    @TempDir
    Path dir;

    /** How the run is dry: the rule's {@code dry_run}, the engine's setting, or a dry run on request. */
    enum Dry { RULE, ENGINE, REQUEST }

    /** kind | then | what the trace says instead. */
    private static final String[][] KINDS = {
            {"command", "[ { command: coffee-1.brew, args: { cups: 2 } } ]",
                    "would have sent brew {\"cups\":2} to coffee-1 (dry run)"},
            {"desired state", "[ { desired: heater-1, state: { target: \"${19 + 2}\" } } ]",
                    "would have set {\"target\":21} (dry run)"},
            {"webhook", "[ { notify: webhook, url: \"https://example.org/hook\", message: hi } ]",
                    "would have posted {\"rule\":\"r\",\"message\":\"hi\""},
            {"notify log", "[ { notify: log, message: \"hi ${trigger.kind}\" } ]",
                    "would have logged: hi "},
            {"disable", "[ { disable: other } ]", "would have disabled rule 'other' (dry run)"},
            {"enable", "[ { enable: sleeping } ]", "would have enabled rule 'sleeping' (dry run)"},
            {"disable, nested", "[ { parallel: [ { choose: [ { if: [ { expr: \"true\" } ], then: [ { disable: other } ] } ] } ] } ]",
                    "would have disabled rule 'other' (dry run)"},
            {"delay", "[ { delay: 5m } ]", "would have kept it in the timer journal (dry run: this wait does not survive a restart)"},
            {"wait_for", "[ { wait_for: { state: coffee-1.status, to: ready }, timeout: 5m, continue_on_timeout: true } ]",
                    "would have kept it in the timer journal (dry run: this wait does not survive a restart)"},
    };

    static Stream<Arguments> cases() {
        return Arrays.stream(Dry.values()).flatMap(dry -> Arrays.stream(KINDS)
                .map(kind -> Arguments.of(kind[0], dry, kind[1], kind[2])));
    }

    @ParameterizedTest(name = "[{index}] {0}, dry on the {1}")
    @MethodSource("cases")
    void aDryRunOnlyTracesWhatItWouldHaveDone(String kind, Dry dry, String then, String wouldHave) {
        InMemoryTimerJournal journal = new InMemoryTimerJournal();
        EngineSettings settings = EngineSettings.DEFAULTS.withDryRun(dry == Dry.ENGINE);
        try (EngineHarness hub = new EngineHarness(dir, VirtualTime.at(EngineHarness.MONDAY_7AM),
                builder -> builder.settings(settings).timers(journal), true)) {
            hub.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            hub.rules("""
                    rules:
                      - id: r
                        dry_run: %s
                        when: [ { state: bed-1.occupant, to: awake } ]
                        then: %s
                      - id: other
                        when: [ { state: door-1.open, to: true } ]
                        then: [ { command: siren-1.sound } ]
                      - id: sleeping
                        enabled: false
                        when: [ { state: door-1.open, to: true } ]
                        then: [ { command: siren-1.sound } ]
                    """.formatted(dry == Dry.RULE, then));

            if (dry == Dry.REQUEST) {
                hub.engine.runNow("r", true);
                hub.time.runPending();
            } else {
                hub.report("bed-1", "occupant", "\"awake\"");
            }
            assertThat(journal.all()).as("the timer journal, while the run waits").isEmpty();
            hub.time.advance(java.time.Duration.ofMinutes(5));

            assertThat(hub.commands.requests).as("commands").isEmpty();
            assertThat(hub.desired).as("desired state").isEmpty();
            assertThat(hub.webhooks).as("webhooks").isEmpty();
            assertThat(hub.engine.isEnabled("other")).as("other is enabled").contains(true);
            assertThat(hub.engine.isEnabled("sleeping")).as("sleeping is enabled").contains(false);
            Trace trace = hub.lastTrace("r");
            assertThat(trace.outcome()).isEqualTo(RunOutcome.COMPLETED);
            assertThat(trace.steps()).extracting(TraceStep::result).anyMatch(result -> result.startsWith(wouldHave));
        }
    }
}
