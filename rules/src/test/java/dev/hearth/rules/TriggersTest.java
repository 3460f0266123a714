package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.rules.time.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kind of trigger: a rule that sends one command when it fires, and events on virtual time. */
class TriggersTest {
    /** Paris: the harness's zone. */
    private static final EngineSettings PARIS = EngineSettings.DEFAULTS.withLocation(48.8566, 2.3522);

    @TempDir
    Path dir;

    private EngineHarness hub() {
        return new EngineHarness(dir, VirtualTime.at(EngineHarness.MONDAY_7AM), builder -> builder.settings(PARIS), true);
    }

    @ParameterizedTest(name = "[{index}] {0} | {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            state: bed-1                                 | bed-1.occupant="asleep"; bed-1.occupant="awake"; bed-1.light=1       | 1
            'state: bed-1, from_unknown: true'           | bed-1.occupant="asleep"; bed-1.occupant="awake"; bed-1.light=1       | 3
            state: kitchen.light-1.*                     | kitchen.light-1.on=false; kitchen.light-1.on=true                     | 1
            'state: bed-1.occupant, to: awake'           | bed-1.occupant="asleep"; bed-1.occupant="awake"                       | 1
            'state: bed-1.occupant, to: awake'           | bed-1.occupant="asleep"; offline bed-1; bed-1.occupant="awake"        | 1
            'state: bed-1.occupant, to: awake'           | bed-1.occupant="asleep"; offline bed-1; online bed-1; bed-1.occupant="dozing"; bed-1.occupant="awake" | 1
            'state: bed-1.occupant, to: awake, from_unknown: true' | bed-1.occupant="asleep"; offline bed-1; bed-1.occupant="awake" | 1
            'state: bed-1.occupant, from: asleep, to: awake' | online bed-1; bed-1.occupant="asleep"; offline bed-1; online bed-1; bed-1.occupant="awake"; offline bed-1 | 1
            'state: bed-1.occupant, to: awake, for: 30s' | bed-1.occupant="asleep"; bed-1.occupant="awake"; +29s                 | 0
            'state: bed-1.occupant, to: awake, for: 30s' | bed-1.occupant="asleep"; bed-1.occupant="awake"; +30s                 | 1
            'state: bed-1.occupant, to: awake, for: 30s' | bed-1.occupant="asleep"; bed-1.occupant="awake"; +10s; bed-1.occupant="asleep"; +1m | 0
            'state: t-1.temp, above: 25'                 | t-1.temp=20; t-1.temp=26; t-1.temp=27; t-1.temp=24; t-1.temp=30      | 2
            'state: t-1.temp, above: 25'                 | t-1.temp=26; t-1.temp=27                                              | 0
            'state: t-1.temp, above: 25'                 | t-1.temp="hot"; t-1.temp=26                                           | 1
            'state: t-1.temp, above: 25'                 | t-1.temp=20; t-1.temp=25                                              | 0
            'state: t-1.temp, below: 10'                 | t-1.temp=20; t-1.temp=5.5; t-1.temp=4                                 | 1
            'state: t-1.temp, above: 10, below: 20'      | t-1.temp=5; t-1.temp=15; t-1.temp=25; t-1.temp=12                     | 2
            'state: t-1.temp, above: 25, for: 10s'       | t-1.temp=20; t-1.temp=26; +5s; t-1.temp=27; +5s                       | 1
            'state: t-1.temp, above: 25, for: 10s'       | t-1.temp=20; t-1.temp=26; +5s; t-1.temp=20; +10s                      | 0
            'availability: bed-1, to: offline'           | online bed-1; offline bed-1                                           | 1
            'availability: bed-1, to: offline'           | offline bed-1                                                         | 0
            'availability: bed-1, to: online'            | online bed-1; offline bed-1; online bed-1                             | 1
            'availability: bed-1'                        | online bed-1; offline bed-1; online bed-1; online bed-1               | 2
            'availability: bed-1, to: offline, for: 1m'  | online bed-1; offline bed-1; +30s; online bed-1; +1m                  | 0
            'availability: bed-1, to: offline, for: 1m'  | online bed-1; offline bed-1; +1m                                      | 1
            telemetry: bed-1                             | tele bed-1 {"hr": 60}; tele bed-2 {"hr": 61}                          | 1
            telemetry: bed-+                             | tele bed-1 {"hr": 60}; tele bed-2 {"hr": 61}; tele sofa-1 {"hr": 1}   | 2
            telemetry: +                                 | tele bed-1 {"hr": 60}; tele sofa-1 {"hr": 1}                          | 2
            'at: "07:30"'                                | +29m                                                                  | 0
            'at: "07:30"'                                | +30m                                                                  | 1
            'at: "07:30"'                                | +48h                                                                  | 2
            'cron: "*/15 * * * *"'                       | +1h                                                                   | 4
            'cron: "0 8 * * mon-fri"'                    | +168h                                                                 | 5
            'sun: sunrise'                               | +24h                                                                  | 1
            'sun: sunset, offset: -30m'                  | +48h                                                                  | 2
            'started: {}'                                | +1h                                                                   | 0
            """)
    void fires(String trigger, String events, int fires) {
        try (EngineHarness hub = hub()) {
            hub.rules("""
                    rules:
                      - id: r
                        mode: parallel
                        when:
                          - { %s }
                        then:
                          - command: coffee-1.brew
                    """.formatted(trigger));

            Script.run(hub, events);

            assertThat(hub.commands.requests).as(trigger + " | " + events).hasSize(fires);
        }
    }

    /** A resumed engine (rules another cluster worker started for the site) runs everything but {@code started:}. */
    @ParameterizedTest(name = "resumed: {0}")
    @CsvSource({"false, lamp-1.blink lamp-1.on", "true, lamp-1.on"})
    void startedFiresOnceWhenTheEngineStartsAndNotWhenItResumes(boolean resumed, String expected) {
        try (EngineHarness hub = new EngineHarness(dir, VirtualTime.at(EngineHarness.MONDAY_7AM), builder -> { }, false)) {
            hub.engine.replace(EngineHarness.load(dir, """
                    rules:
                      - id: hello
                        when: [ { started: {} } ]
                        then: [ { command: lamp-1.blink } ]
                      - id: hourly
                        when: [ { cron: "0 * * * *" } ]
                        then: [ { command: lamp-1.on } ]
                    """));
            hub.time.runPending();
            assertThat(hub.commands.requests).isEmpty();

            if (resumed) {
                hub.engine.resume();
            }
            hub.engine.start();
            hub.engine.start();
            hub.time.runPending();
            if (!resumed) {
                assertThat(hub.runs.get(0).trigger()).isEqualTo("hub started");
            }
            hub.time.advance(Duration.ofHours(1));

            assertThat(hub.sentCommands()).containsExactly(expected.split(" "));
        }
    }

    @Test
    void sunsetFiresAtTheComputedTimeInTheClocksZone() {
        try (EngineHarness hub = hub()) {
            hub.rules("""
                    rules:
                      - id: dusk
                        when: [ { sun: sunset, offset: -30m } ]
                        then: [ { command: lamp-1.on } ]
                    """);

            hub.time.advance(Duration.ofHours(14));

            assertThat(hub.runs).singleElement().satisfies(run -> {
                LocalTime local = run.at().atZone(ZoneId.of("Europe/Paris")).toLocalTime();
                // Paris, 6 January: sunset is about 17:10, so 30 minutes before is about 16:40.
                assertThat(local).isBetween(LocalTime.of(16, 30), LocalTime.of(16, 55));
            });
        }
    }

    @Test
    void triggerValuesReachExpressions() {
        try (EngineHarness hub = hub()) {
            hub.rules("""
                    rules:
                      - id: r
                        when: [ { state: t-1.temp, above: 25 } ]
                        if: [ { expr: "trigger.to > 25.0 && trigger.device == 't-1' && trigger.from == 20" } ]
                        then:
                          - command: fan-1.speed
                            args: { level: "${trigger.to - 20}", why: "${trigger.attribute} is ${trigger.to}" }
                    """);

            Script.run(hub, "t-1.temp=20; t-1.temp=26");

            assertThat(hub.commands.requests).singleElement().satisfies(request ->
                    assertThat(request.args()).isEqualTo(EngineHarness.json("{\"level\": 6, \"why\": \"temp is 26\"}")));
        }
    }

    @Test
    void eventsBeforeStartAreHeldAndOutOfUnknownDoesNotFire() {
        try (EngineHarness hub = new EngineHarness(dir, VirtualTime.at(EngineHarness.MONDAY_7AM), builder -> { }, false)) {
            hub.engine.replace(EngineHarness.load(dir, """
                    rules:
                      - id: r
                        when: [ { state: bed-1.occupant, to: awake } ]
                        then: [ { command: coffee-1.brew } ]
                    """));
            Script.run(hub, "bed-1.occupant=\"awake\"; bed-1.occupant=\"asleep\"; bed-1.occupant=\"awake\"");
            assertThat(hub.commands.requests).as("held until start").isEmpty();

            hub.engine.start();
            hub.time.runPending();

            assertThat(hub.commands.requests).as("the retained 'awake' fires nothing; the later change does").hasSize(1);
        }
    }
}
