package dev.hearth.rules;

import static dev.hearth.rules.EngineHarness.FakeCommands.OK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleEngineTest {
    private static final String COFFEE = """
            rules:
              - id: morning-coffee
                when:
                  - state: bed-1.occupant
                    to: awake
                then:
                  - command: coffee-1.brew
                    args: { cups: 2, size: large }
                    timeout: 5s
            """;

    @TempDir
    Path dir;
    private EngineHarness hub;

    @BeforeEach
    void start() {
        hub = new EngineHarness(dir);
        // A change out of unknown fires nothing (start-up semantics): the sleeper was known asleep.
        hub.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2}: fires {3}")
    @CsvSource(delimiter = '|', nullValues = "unknown", textBlock = """
            to: awake                 | unknown   | '"awake"'  | false
            'to: awake, from_unknown: true' | unknown | '"awake"' | true
            to: awake                 | '"asleep"'| '"awake"'  | true
            to: awake                 | '"awake"' | '"asleep"' | false
            from: asleep              | unknown   | '"awake"'  | false
            from: asleep              | '"asleep"'| '"awake"'  | true
            from: asleep              | '"dozing"'| '"awake"'  | false
            'from: asleep, to: awake' | '"asleep"'| '"awake"'  | true
            'from: asleep, to: awake' | '"dozing"'| '"awake"'  | false
            'from: asleep, to: awake' | '"asleep"'| '"dozing"' | false
            ''                        | '"asleep"'| '"awake"'  | true
            ''                        | unknown   | '"awake"'  | false
            'from_unknown: true'      | unknown   | '"awake"'  | true
            'from: asleep, from_unknown: true' | unknown | '"awake"' | false
            ''                        | '"awake"' | '"awake"'  | false
            'to: 21'                  | '20'      | '21.0'     | true
            'to: 21.5'                | '20'      | '21.5'     | true
            'to: "21"'                | '20'      | '21'       | false
            'to: true'                | 'false'   | 'true'     | true
            'to: on'                  | '"off"'   | '"on"'     | true
            'to: on'                  | 'false'   | 'true'     | false
            'to: [awake, up]'         | '"asleep"'| '"up"'     | true
            'to: [awake, up]'         | '"asleep"'| '"out"'    | false
            """)
    void stateTriggerMatchesFromAndTo(String match, String previous, String current, boolean fires) {
        hub.rules("""
                rules:
                  - id: r
                    when:
                      - { state: bed-1.occupant%s }
                    then:
                      - command: coffee-1.brew
                """.formatted(match.isEmpty() ? "" : ", " + match));
        hub.state.forget("bed-1", "occupant");
        if (previous != null) {
            hub.report("bed-1", "occupant", previous);
        }
        hub.commands.requests.clear();

        hub.report("bed-1", "occupant", current);

        assertThat(hub.sentCommands()).hasSize(fires ? 1 : 0);
    }

    @Test
    void aCommandCarriesItsArgumentsTimeoutAndRule() {
        hub.rules(COFFEE);

        hub.report("bed-1", "occupant", "\"awake\"");

        assertThat(hub.commands.requests).hasSize(1);
        CommandRequest request = hub.commands.requests.get(0);
        assertThat(request.deviceId()).isEqualTo("coffee-1");
        assertThat(request.command()).isEqualTo("brew");
        assertThat(request.args()).isEqualTo(EngineHarness.json("{\"cups\": 2, \"size\": \"large\"}"));
        assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(request.ruleId()).isEqualTo("morning-coffee");
        assertThat(hub.runs).singleElement().satisfies(run -> {
            assertThat(run.ruleId()).isEqualTo("morning-coffee");
            assertThat(run.trigger()).isEqualTo("bed-1.occupant asleep -> awake");
            assertThat(run.outcome()).isEqualTo(RunOutcome.COMPLETED);
            assertThat(run.at()).isEqualTo(EngineHarness.MONDAY_7AM.toInstant());
        });
    }

    @Test
    void aSinkCannotChangeTheRulesArguments() {
        hub.rules(COFFEE);
        hub.report("bed-1", "occupant", "\"awake\"");
        hub.commands.requests.get(0).args().put("cups", 99);

        hub.report("bed-1", "occupant", "\"asleep\"");
        hub.report("bed-1", "occupant", "\"awake\"");

        assertThat(hub.commands.requests.get(1).args().get("cups").asInt()).isEqualTo(2);
    }

    @Test
    void nothingIsEvaluatedUntilTheSchedulerRuns() {
        hub.rules(COFFEE);
        hub.engine.onStateChange(new StateChange("bed-1", "occupant", Optional.of(JsonNodeFactory.instance.textNode("asleep")),
                JsonNodeFactory.instance.textNode("awake"), hub.time.now()));

        assertThat(hub.commands.requests).isEmpty();
        hub.time.runPending();
        assertThat(hub.sentCommands()).containsExactly("coffee-1.brew");
    }

    @Test
    void forFiresOnceTheValueHasHeldThatLong() {
        hub.rules(held("2s"));

        hub.report("bed-1", "occupant", "\"awake\"");
        hub.time.advance(Duration.ofMillis(1999));
        assertThat(hub.commands.requests).isEmpty();

        hub.time.advance(Duration.ofMillis(1));
        assertThat(hub.sentCommands()).containsExactly("coffee-1.brew");
        assertThat(hub.runs.get(0).trigger()).isEqualTo("bed-1.occupant asleep -> awake, held 2s");
        assertThat(hub.runs.get(0).at()).isEqualTo(EngineHarness.MONDAY_7AM.plusSeconds(2).toInstant());

        hub.time.advance(Duration.ofMinutes(10));
        assertThat(hub.commands.requests).hasSize(1);
    }

    @Test
    void forIsCancelledWhenTheValueChangesBack() {
        hub.rules(held("2s"));

        hub.report("bed-1", "occupant", "\"awake\"");
        hub.time.advance(Duration.ofSeconds(1));
        hub.report("bed-1", "occupant", "\"asleep\"");
        hub.time.advance(Duration.ofSeconds(5));
        assertThat(hub.commands.requests).isEmpty();
        assertThat(hub.time.pendingTasks()).isZero();

        hub.report("bed-1", "occupant", "\"awake\"");
        hub.time.advance(Duration.ofSeconds(2));
        assertThat(hub.commands.requests).hasSize(1);
    }

    @Test
    void aRepeatedReportOfTheSameValueKeepsTheHold() {
        hub.rules(held("2s"));

        hub.report("bed-1", "occupant", "\"awake\"");
        hub.time.advance(Duration.ofSeconds(1));
        hub.report("bed-1", "occupant", "\"awake\"");
        hub.time.advance(Duration.ofSeconds(1));

        assertThat(hub.commands.requests).hasSize(1);
    }

    @Test
    void forWithAListHoldsWhileTheValueStaysInIt() {
        hub.rules(held("2s").replace("to: awake", "to: [awake, up]"));

        hub.report("bed-1", "occupant", "\"awake\"");
        hub.time.advance(Duration.ofSeconds(1));
        hub.report("bed-1", "occupant", "\"up\"");
        hub.time.advance(Duration.ofSeconds(1));

        assertThat(hub.commands.requests).hasSize(1);
    }

    @Test
    void forWithoutToRestartsOnEveryChange() {
        hub.rules(held("2s").replace("        to: awake\n", ""));

        hub.report("bed-1", "occupant", "\"awake\"");
        hub.time.advance(Duration.ofSeconds(1));
        hub.report("bed-1", "occupant", "\"up\"");
        hub.time.advance(Duration.ofSeconds(1));
        assertThat(hub.commands.requests).isEmpty();

        hub.time.advance(Duration.ofSeconds(1));
        assertThat(hub.commands.requests).hasSize(1);
        assertThat(hub.runs.get(0).trigger()).isEqualTo("bed-1.occupant awake -> up, held 2s");
    }

    @Test
    void aStateConditionThatDoesNotHoldStopsTheRule() {
        hub.rules(COFFEE.replace("    then:", """
                    if:
                      - state: coffee-1.status
                        is: [idle, ready]
                    then:\
                """));
        hub.report("coffee-1", "status", "\"brewing\"");

        hub.report("bed-1", "occupant", "\"awake\"");

        assertThat(hub.commands.requests).isEmpty();
        assertThat(hub.runs).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(RunOutcome.CONDITIONS_NOT_MET);
            assertThat(run.detail()).isEqualTo("state coffee-1.status is [idle, ready] not met: it is \"brewing\"");
        });

        hub.report("coffee-1", "status", "\"ready\"");
        hub.report("bed-1", "occupant", "\"asleep\"");
        hub.report("bed-1", "occupant", "\"awake\"");
        assertThat(hub.commands.requests).hasSize(1);
    }

    @Test
    void anUnknownStateDoesNotMeetACondition() {
        hub.rules(COFFEE.replace("    then:", "    if:\n      - { state: coffee-1.status, is: idle }\n    then:"));

        hub.report("bed-1", "occupant", "\"awake\"");

        assertThat(hub.outcomes()).containsExactly(RunOutcome.CONDITIONS_NOT_MET);
    }

    @ParameterizedTest(name = "{0}-{1} at {2}: {3}")
    @CsvSource(textBlock = """
            05:30, 10:00, 2025-01-06T07:00, true
            05:30, 10:00, 2025-01-06T05:30, true
            05:30, 10:00, 2025-01-06T10:00, false
            05:30, 10:00, 2025-01-06T04:59, false
            22:00, 06:00, 2025-01-06T23:30, true
            22:00, 06:00, 2025-01-06T02:00, true
            22:00, 06:00, 2025-01-06T12:00, false
            """)
    void aTimeConditionUsesTheClockInItsZone(String after, String before, String localTime, boolean runs) {
        ZonedDateTime start = java.time.LocalDateTime.parse(localTime).atZone(EngineHarness.MONDAY_7AM.getZone());
        try (EngineHarness atTime = new EngineHarness(dir, start)) {
            atTime.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            atTime.rules(COFFEE.replace("    then:", """
                        if:
                          - time: { after: "%s", before: "%s" }
                        then:\
                    """.formatted(after, before)));

            atTime.report("bed-1", "occupant", "\"awake\"");

            assertThat(atTime.commands.requests).hasSize(runs ? 1 : 0);
        }
    }

    @Test
    void aTimeConditionIsCheckedWhenAHeldTriggerFires() {
        hub.rules(held("30m").replace("    then:", """
                    if:
                      - time: { before: "07:15" }
                    then:\
                """));

        hub.report("bed-1", "occupant", "\"awake\"");
        hub.time.advance(Duration.ofMinutes(30));

        assertThat(hub.commands.requests).isEmpty();
        assertThat(hub.runs).singleElement().satisfies(run ->
                assertThat(run.detail()).isEqualTo("time before 07:15 not met at Mon 07:30:00"));
    }

    @Test
    void modeSingleDropsATriggerWhileTheRunAwaitsItsReply() {
        hub.rules(COFFEE);
        hub.commands.holdReplies = true;

        hub.report("bed-1", "occupant", "\"awake\"");
        hub.report("bed-1", "occupant", "\"asleep\"");
        hub.report("bed-1", "occupant", "\"awake\"");

        assertThat(hub.commands.requests).hasSize(1);
        assertThat(hub.runs).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(RunOutcome.DROPPED);
            assertThat(run.detail()).isEqualTo("a run is already in progress (mode single)");
        });

        hub.commands.reply(0, OK);
        hub.time.runPending();
        assertThat(hub.outcomes()).containsExactly(RunOutcome.DROPPED, RunOutcome.COMPLETED);

        hub.report("bed-1", "occupant", "\"asleep\"");
        hub.report("bed-1", "occupant", "\"awake\"");
        assertThat(hub.commands.requests).hasSize(2);
    }

    @Test
    void actionsRunInOrderEachAfterThePreviousReply() {
        hub.rules(twoCommands("single"));
        hub.commands.holdReplies = true;

        hub.report("bed-1", "occupant", "\"awake\"");
        assertThat(hub.sentCommands()).containsExactly("coffee-1.brew");

        hub.time.advance(Duration.ofSeconds(3));
        hub.commands.reply(0, OK);
        assertThat(hub.sentCommands()).as("resumes on the scheduler, not on the replying thread")
                .containsExactly("coffee-1.brew");
        hub.time.runPending();
        assertThat(hub.sentCommands()).containsExactly("coffee-1.brew", "kitchen-light.on");

        hub.commands.reply(1, OK);
        hub.time.runPending();
        assertThat(hub.outcomes()).containsExactly(RunOutcome.COMPLETED);
        assertThat(hub.runs.get(0).detail()).isEqualTo("2 actions done");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            error reply | command coffee-1.brew replied with an error: out of water
            no reply    | command coffee-1.brew got no reply: timed out after 10s
            """)
    void aFailedCommandStopsTheRun(String kind, String detail) {
        hub.rules(twoCommands("single"));
        hub.commands.holdReplies = true;
        hub.report("bed-1", "occupant", "\"awake\"");

        hub.commands.reply(0, kind.equals("no reply") ? new CommandResult.NoReply("timed out after 10s")
                : new CommandResult.Replied(false, Optional.empty(), Optional.of("out of water")));
        hub.time.runPending();

        assertThat(hub.sentCommands()).containsExactly("coffee-1.brew");
        assertThat(hub.runs).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(run.detail()).isEqualTo(detail);
        });
    }

    @Test
    void aCommandWhoseResultNeverComesFailsAfterItsTimeoutAndAGrace() {
        hub.rules(COFFEE);
        hub.commands.holdReplies = true;
        hub.report("bed-1", "occupant", "\"awake\"");

        hub.time.advance(Duration.ofSeconds(9));
        assertThat(hub.runs).isEmpty();
        hub.time.advance(Duration.ofSeconds(1));

        assertThat(hub.runs).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(run.detail()).isEqualTo("command coffee-1.brew got no reply: no result within 5s + 5s");
        });
        hub.commands.reply(0, OK);
        hub.time.runPending();
        assertThat(hub.runs).hasSize(1);
    }

    @Test
    void aSinkThatThrowsFailsTheRun() {
        RuleEngine engine = new RuleEngine(hub.state, request -> {
            throw new IllegalStateException("broker down");
        }, hub.time.clock(), hub.time);
        engine.replace(EngineHarness.load(dir, COFFEE));
        engine.addListener(hub.runs::add);
        engine.start();

        engine.onStateChange(new StateChange("bed-1", "occupant", Optional.of(JsonNodeFactory.instance.textNode("asleep")),
                JsonNodeFactory.instance.textNode("awake"), hub.time.now()));
        hub.time.runPending();

        assertThat(hub.runs).singleElement().satisfies(run ->
                assertThat(run.detail()).isEqualTo("command coffee-1.brew could not be sent: "
                        + "java.lang.IllegalStateException: broker down"));
        engine.close();
    }

    @Test
    void modeRestartCancelsTheRunInProgress() {
        hub.rules(twoCommands("restart"));
        hub.commands.holdReplies = true;

        hub.report("bed-1", "occupant", "\"awake\"");
        hub.report("bed-1", "occupant", "\"asleep\"");
        hub.report("bed-1", "occupant", "\"awake\"");
        assertThat(hub.sentCommands()).containsExactly("coffee-1.brew", "coffee-1.brew");
        assertThat(hub.outcomes()).containsExactly(RunOutcome.CANCELLED);

        hub.commands.reply(0, OK);
        hub.commands.reply(1, OK);
        hub.time.runPending();
        assertThat(hub.sentCommands()).containsExactly("coffee-1.brew", "coffee-1.brew", "kitchen-light.on");
    }

    @Test
    void modeQueuedRunsTheNextTriggerAfterTheFirstRun() {
        hub.rules(twoCommands("queued"));
        hub.commands.holdReplies = true;

        hub.report("bed-1", "occupant", "\"awake\"");
        hub.report("bed-1", "occupant", "\"asleep\"");
        hub.report("bed-1", "occupant", "\"awake\"");
        assertThat(hub.sentCommands()).containsExactly("coffee-1.brew");

        hub.commands.reply(0, OK);
        hub.time.runPending();
        hub.commands.reply(1, OK);
        hub.time.runPending();

        assertThat(hub.sentCommands()).containsExactly("coffee-1.brew", "kitchen-light.on", "coffee-1.brew");
        assertThat(hub.outcomes()).containsExactly(RunOutcome.COMPLETED);
    }

    @Test
    void modeParallelRunsBothAtOnce() {
        hub.rules(twoCommands("parallel"));
        hub.commands.holdReplies = true;

        hub.report("bed-1", "occupant", "\"awake\"");
        hub.report("bed-1", "occupant", "\"asleep\"");
        hub.report("bed-1", "occupant", "\"awake\"");

        assertThat(hub.sentCommands()).containsExactly("coffee-1.brew", "coffee-1.brew");
    }

    @Test
    void replaceCancelsPendingTimersOfTheOldRules() {
        hub.rules(held("2s"));
        hub.report("bed-1", "occupant", "\"awake\"");
        assertThat(hub.time.pendingTasks()).isEqualTo(1);

        RuleSet next = EngineHarness.load(dir, COFFEE.replace("bed-1.occupant", "door-1.open"));
        hub.engine.replace(next);
        assertThat(hub.engine.rules()).isEqualTo(next);
        hub.time.runPending();
        assertThat(hub.time.pendingTasks()).isZero();

        hub.time.advance(Duration.ofSeconds(5));
        assertThat(hub.commands.requests).isEmpty();
        hub.report("door-1", "open", "\"closed\"");
        hub.report("door-1", "open", "\"awake\"");
        assertThat(hub.commands.requests).hasSize(1);
    }

    @Test
    void aTimerOfReplacedRulesNeverFiresEvenIfDueBeforeTheCleanUp() {
        hub.rules(held("2s"));
        hub.report("bed-1", "occupant", "\"awake\"");
        hub.time.advance(Duration.ofMillis(1999));

        hub.engine.replace(RuleSet.empty());
        hub.time.advance(Duration.ofMillis(1));

        assertThat(hub.commands.requests).isEmpty();
    }

    @Test
    void replaceCancelsARunAwaitingItsReply() {
        hub.rules(twoCommands("single"));
        hub.commands.holdReplies = true;
        hub.report("bed-1", "occupant", "\"awake\"");

        hub.engine.replace(RuleSet.empty());
        hub.time.runPending();
        hub.commands.reply(0, OK);
        hub.time.runPending();

        assertThat(hub.sentCommands()).containsExactly("coffee-1.brew");
        assertThat(hub.runs).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(RunOutcome.CANCELLED);
            assertThat(run.detail()).isEqualTo("the rules were replaced");
        });
    }

    @Test
    void aClosedEngineIgnoresChanges() {
        hub.rules(COFFEE);
        hub.engine.close();

        hub.report("bed-1", "occupant", "\"awake\"");

        assertThat(hub.commands.requests).isEmpty();
    }

    @Test
    void aFailingListenerDoesNotStopTheEngine() {
        hub.engine.addListener(report -> {
            throw new IllegalStateException("listener bug");
        });
        hub.rules(COFFEE);

        hub.report("bed-1", "occupant", "\"awake\"");

        assertThat(hub.outcomes()).containsExactly(RunOutcome.COMPLETED);
    }

    private static String held(String duration) {
        return """
                rules:
                  - id: held
                    when:
                      - state: bed-1.occupant
                        to: awake
                        for: %s
                    then:
                      - command: coffee-1.brew
                """.formatted(duration);
    }

    private static String twoCommands(String mode) {
        return """
                rules:
                  - id: two
                    mode: %s
                    when:
                      - state: bed-1.occupant
                        to: awake
                    then:
                      - command: coffee-1.brew
                      - command: kitchen-light.on
                """.formatted(mode);
    }
}
