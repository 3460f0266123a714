package dev.hearth.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hearth.cluster.ClusterCommand;
import dev.hearth.rules.Trace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The worker's topology on a test driver whose wall clock moves only when the test advances it. */
class RulesTopologyTest {
    static final String RULES = """
            rules:
              - id: wake
                when:
                  - state: bed-1.occupant
                    to: awake
                if:
                  - state: coffee-1.water_ml
                    above: 200
                then:
                  - command: coffee-1.brew
                    args: { cups: 1 }
                    timeout: 5s
                  - command: kitchen-light.on
              - id: door-held
                missed: fire
                when:
                  - state: door-1.contact
                    to: open
                    for: 10s
                then:
                  - command: siren-1.beep
              - id: window-held
                missed: skip
                when:
                  - state: window-1.contact
                    to: open
                    for: 10s
                then:
                  - command: siren-1.chime
            """;

    @TempDir
    Path dir;
    WorkerDriver worker;

    @AfterEach
    void close() {
        if (worker != null) {
            worker.close();
        }
    }

    private WorkerDriver start() {
        worker = new WorkerDriver(dir.resolve("worker"), RULES, WorkerDriver.START);
        return worker;
    }

    private static List<String> sent(List<KeyValue<String, ClusterCommand>> commands) {
        return commands.stream().map(command -> command.key + ":" + command.value.deviceId() + "." + command.value.command())
                .toList();
    }

    @Test
    void aStateChangeFiresARuleWhoseConditionReadsAnotherDeviceOfItsSite() {
        WorkerDriver worker = start();
        worker.report("home-1", "coffee-1", "water_ml", "250");
        worker.report("home-2", "coffee-1", "water_ml", "100");

        worker.report("home-1", "bed-1", "occupant", "\"asleep\"", "\"awake\"");
        worker.report("home-2", "bed-1", "occupant", "\"asleep\"", "\"awake\"");

        List<KeyValue<String, ClusterCommand>> commands = worker.commands();
        assertThat(commands).extracting(command -> command.key, command -> command.value.site(),
                command -> command.value.deviceId(), command -> command.value.command(),
                command -> command.value.args().toString(), command -> command.value.ruleId(),
                command -> command.value.timeout())
                .containsExactly(tuple("home-1", "home-1", "coffee-1", "brew", "{\"cups\":1}", "wake", Duration.ofSeconds(5)));
    }

    @Test
    void eachFinishedRunsTraceGoesToTheTracesTopicKeyedByItsSite() {
        WorkerDriver worker = start();
        worker.report("home-2", "coffee-1", "water_ml", "100");
        worker.report("home-2", "bed-1", "occupant", "\"asleep\"", "\"awake\"");
        assertThat(worker.commands()).isEmpty();

        List<KeyValue<String, Trace>> traces = worker.traces();
        assertThat(traces).extracting(trace -> trace.key, trace -> trace.value.ruleId()).containsExactly(tuple("home-2", "wake"));
        assertThat(traces.get(0).value.devices()).contains("bed-1");

        worker.report("home-1", "coffee-1", "water_ml", "250");
        worker.report("home-1", "bed-1", "occupant", "\"asleep\"", "\"awake\"");
        ClusterCommand brew = worker.commands().get(0).value;
        assertThat(worker.traces()).as("a run waiting for its reply has not ended").isEmpty();
        worker.complete(brew, true);
        worker.complete(worker.commands().get(0).value, true); // kitchen-light.on, the run's last step
        assertThat(worker.traces()).extracting(trace -> trace.key, trace -> trace.value.ruleId(), trace -> trace.value.outcome().name())
                .containsExactly(tuple("home-1", "wake", "COMPLETED"));
    }

    /** The sleeper wakes with water in the machine: the wake rule sends brew (and waits for its reply). */
    private ClusterCommand brewSent() {
        start();
        worker.report("home-1", "coffee-1", "water_ml", "250");
        worker.report("home-1", "bed-1", "occupant", "\"asleep\"", "\"awake\"");
        return worker.commands().get(0).value;
    }

    @Test
    void aReplyOnTheEventsTopicLetsTheRunGoOn() {
        ClusterCommand brew = brewSent();
        worker.advance(Duration.ofSeconds(1));
        assertThat(worker.commands()).isEmpty();

        worker.complete(brew, true);

        assertThat(sent(worker.commands())).containsExactly("home-1:kitchen-light.on");
    }

    @Test
    void withoutAReplyTheCommandTimesOutAndALateReplyIsIgnored() {
        ClusterCommand brew = brewSent();

        worker.advance(Duration.ofSeconds(6));
        worker.complete(brew, true);
        worker.advance(Duration.ofSeconds(10));

        assertThat(worker.commands()).isEmpty();
    }

    @Test
    void aHoldSendsItsCommandOnlyAfterItsTimeAndNotIfTheValueGoesBack() {
        WorkerDriver worker = start();
        worker.report("home-1", "door-1", "contact", "\"closed\"", "\"open\"");
        worker.report("home-2", "door-1", "contact", "\"closed\"", "\"open\"");
        worker.advance(Duration.ofSeconds(5));
        worker.report("home-2", "door-1", "contact", "\"open\"", "\"closed\"");
        worker.advance(Duration.ofMillis(4_800));
        assertThat(worker.commands()).isEmpty();

        worker.advance(Duration.ofMillis(400));
        assertThat(sent(worker.commands())).containsExactly("home-1:siren-1.beep");
        worker.advance(Duration.ofSeconds(30));
        assertThat(worker.commands()).isEmpty();
    }

    @ParameterizedTest(name = "the new owner starts {0}s after the door opened: {1}")
    @CsvSource(delimiter = '|', textBlock = """
             6 | home-1:siren-1.beep home-1:siren-1.chime
            30 | home-1:siren-1.beep
            """)
    void aNewOwnerOfTheTaskTakesThePendingHoldsUpPerTheirMissedPolicy(int restartAfter, String expected) {
        WorkerDriver before = start();
        before.report("home-1", "door-1", "contact", "\"closed\"", "\"open\"");
        before.report("home-1", "window-1", "contact", "\"closed\"", "\"open\"");
        before.advance(Duration.ofSeconds(5));
        List<KeyValue<String, String>> timers = before.changelog(StoreTimerJournal.STORE);
        List<KeyValue<String, String>> devices = before.changelog(DeviceStates.STORE);
        before.close();

        worker = new WorkerDriver(dir.resolve("next"), RULES, WorkerDriver.START.plusSeconds(restartAfter));
        worker.restore(StoreTimerJournal.STORE, timers);
        worker.restore(DeviceStates.STORE, devices);
        worker.advance(Duration.ofSeconds(5));

        assertThat(sent(worker.commands())).containsExactlyInAnyOrder(expected.split(" "));
    }

    /** The first time, the stream thread was busy (or the task restoring) past the deadline: sent late, issued then. */
    @Test
    void aReplayedRecordSendsTheSameCommandIdAsTheFirstTimeIssuedWhenSentNotAtItsDeadline() {
        WorkerDriver first = start();
        first.report("home-1", "door-1", "contact", "\"closed\"", "\"open\"");
        first.advance(Duration.ofSeconds(40));
        ClusterCommand once = first.commands().get(0).value;
        first.close();
        assertThat(once.issuedAt()).isEqualTo(WorkerDriver.START.plusSeconds(40));

        worker = new WorkerDriver(dir.resolve("again"), RULES, WorkerDriver.START);
        worker.report("home-1", "door-1", "contact", "\"closed\"", "\"open\"");
        worker.advance(Duration.ofSeconds(11));

        assertThat(worker.commands()).extracting(command -> command.value.commandId()).containsExactly(once.commandId());
    }

    @Test
    void anEventThatDoesNotReadIsSkippedAndCounted() {
        WorkerDriver worker = start();
        worker.report("home-1", "coffee-1", "water_ml", "250");
        worker.pipeRaw("home-1", "{\"v\":1,\"site\":\"home-1\",\"hub\":\"hub-a\",\"device\":\"bed-1\"}"
                .getBytes(StandardCharsets.UTF_8));
        worker.pipeRaw("home-1", "not json".getBytes(StandardCharsets.UTF_8));

        worker.report("home-1", "bed-1", "occupant", "\"asleep\"", "\"awake\"");

        assertThat(worker.malformed).hasValue(2);
        assertThat(sent(worker.commands())).containsExactly("home-1:coffee-1.brew");
    }

    /** The worker takes over 8 s after the door opened and reads the open late: the hold counts from the event. */
    @ParameterizedTest(name = "the hub stamped the open {0}s from the worker's now: the beep {1} ms later")
    @CsvSource(delimiter = '|', textBlock = """
             -8 | 2000
              0 | 10000
             60 | 10000
            """)
    void aHoldCountsFromTheEventsTimeNeverLaterThanNow(int stampedFromNow, int firesAfterMillis) {
        worker = new WorkerDriver(dir.resolve("late"), RULES, WorkerDriver.START.plusSeconds(8));
        worker.reportAt(worker.now().plusSeconds(stampedFromNow), "home-1", "door-1", "contact", "\"closed\"", "\"open\"");

        for (int step = 0; step < firesAfterMillis / 200 - 1; step++) {
            worker.advance(Duration.ofMillis(200));
        }
        assertThat(worker.commands()).isEmpty();
        worker.advance(Duration.ofMillis(400));
        assertThat(sent(worker.commands())).containsExactly("home-1:siren-1.beep");
    }

    /** A backlog read 20 s late: the hold that ended within it sends nothing, the one held past its time sends. */
    @Test
    void aBacklogReadLateDecidesEachHoldOnTheEventsThatFollowItInTheLog() {
        worker = new WorkerDriver(dir.resolve("backlog"), RULES, WorkerDriver.START.plusSeconds(20));
        Instant opened = WorkerDriver.START;
        worker.reportAt(opened, "home-1", "door-1", "contact", "\"closed\"", "\"open\"");
        worker.reportAt(opened, "home-2", "door-1", "contact", "\"closed\"", "\"open\"");
        worker.reportAt(opened.plusSeconds(5), "home-2", "door-1", "contact", "\"open\"", "\"closed\"");
        assertThat(worker.commands()).isEmpty();

        worker.reportAt(opened.plusSeconds(12), "home-1", "coffee-1", "water_ml", null, "250");

        List<KeyValue<String, ClusterCommand>> commands = worker.commands();
        assertThat(sent(commands)).containsExactly("home-1:siren-1.beep");
        assertThat(commands.get(0).value.issuedAt()).as("issued when sent, not at the deadline")
                .isEqualTo(worker.now());
        worker.advance(Duration.ofSeconds(30));
        assertThat(worker.commands()).isEmpty();
    }

    static final String STARTED_RULES = """
            rules:
              - id: hello
                when: [ { started: {} } ]
                then: [ { command: speaker-1.chime } ]
              - id: hourly
                when: [ { cron: "0 * * * *" } ]
                then: [ { command: clock-1.tick } ]
            """;

    @Test
    void startedFiresOnceForASiteNotAgainWhenItsTaskMovesAndTheNewOwnerRunsItsTimeTriggersWithoutNewEvents() {
        WorkerDriver before = new WorkerDriver(dir.resolve("first"), STARTED_RULES, WorkerDriver.START);
        before.report("home-1", "lamp-1", "on", "true");
        assertThat(sent(before.commands())).containsExactly("home-1:speaker-1.chime");
        before.report("home-2", "lamp-1", "on", "true");
        assertThat(sent(before.commands())).containsExactly("home-2:speaker-1.chime");
        List<KeyValue<String, String>> timers = before.changelog(StoreTimerJournal.STORE);
        List<KeyValue<String, String>> devices = before.changelog(DeviceStates.STORE);
        before.close();

        worker = new WorkerDriver(dir.resolve("next"), STARTED_RULES, WorkerDriver.START.plusSeconds(60));
        worker.restore(StoreTimerJournal.STORE, timers);
        worker.restore(DeviceStates.STORE, devices);
        worker.advance(Duration.ofMinutes(58));
        worker.report("home-1", "lamp-1", "on", "true", "false");
        assertThat(worker.commands()).isEmpty();

        worker.advance(Duration.ofMinutes(1));
        assertThat(sent(worker.commands())).containsExactlyInAnyOrder("home-1:clock-1.tick", "home-2:clock-1.tick");
        worker.report("home-3", "lamp-1", "on", "true");
        assertThat(sent(worker.commands())).containsExactly("home-3:speaker-1.chime");
    }
}
