package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each kind of action: rule {@code r} runs {@code then} when bed-1.occupant goes from asleep to awake,
 * then the script's events happen; the commands sent are listed as {@code device.command{args}}.
 */
class ActionsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            variables and templates | [ { variables: { cups: "${1 + 1}", who: "${trigger.device}" } }, { command: coffee-1.brew, args: { cups: "${vars.cups}", note: "for ${vars.who}", fixed: 1 } } ] | | coffee-1.brew{"cups":2,"note":"for bed-1","fixed":1}
            delay not yet           | [ { command: a.x }, { delay: 5m }, { command: b.y } ]                  | +4m  | a.x
            delay done              | [ { command: a.x }, { delay: 5m }, { command: b.y } ]                  | +5m  | a.x, b.y
            wait_for fires          | [ { wait_for: { state: coffee-1.status, to: ready }, timeout: 10m }, { command: cup-1.fill, args: { after: "${vars.wait.from}" } } ] | coffee-1.status="busy"; +1m; coffee-1.status="ready" | cup-1.fill{"after":"busy"}
            wait_for times out      | [ { wait_for: { state: coffee-1.status, to: ready }, timeout: 10m }, { command: cup-1.fill } ] | +11m; coffee-1.status="busy"; coffee-1.status="ready" |
            wait_for continues      | [ { wait_for: [ { state: coffee-1.status, to: ready } ], timeout: 10m, continue_on_timeout: true }, { command: cup-1.fill } ] | +11m | cup-1.fill
            wait_for sets wait      | [ { wait_for: { state: coffee-1.status, to: ready }, timeout: 10m }, { command: cup-1.fill, args: { completed: "${vars.wait.completed}", to: "${vars.wait.trigger.to}", remaining: "${vars.wait.remaining}" } } ] | coffee-1.status="busy"; +1m; coffee-1.status="ready" | cup-1.fill{"completed":true,"to":"ready","remaining":540.0}
            wait_for timed out wait | [ { wait_for: { state: coffee-1.status, to: ready }, timeout: 10m, continue_on_timeout: true }, { command: cup-1.fill, args: { completed: "${vars.wait.completed}", none: "${vars.wait.trigger == null}", remaining: "${vars.wait.remaining}" } } ] | +10m | cup-1.fill{"completed":false,"none":true,"remaining":0.0}
            wait_for no timeout     | [ { wait_for: { state: coffee-1.status, to: ready } }, { command: cup-1.fill, args: { completed: "${vars.wait.completed}", remaining: "${vars.wait.remaining}" } } ] | coffee-1.status="busy"; coffee-1.status="ready" | cup-1.fill{"completed":true,"remaining":null}
            wait_for availability   | [ { wait_for: { availability: coffee-1, to: online } }, { command: coffee-1.brew } ] | offline coffee-1; online coffee-1 | coffee-1.brew
            choose first branch     | [ { choose: [ { if: [ { state: hall.motion, is: true } ], then: [ { command: light.on } ] } ], default: [ { command: light.off } ] } ] | | light.on
            choose the default      | [ { choose: [ { if: [ { state: hall.motion, is: false } ], then: [ { command: light.on } ] } ], default: [ { command: light.off } ] } ] | | light.off
            choose nothing          | [ { choose: [ { if: [ { state: hall.motion, is: false } ], then: [ { command: light.on } ] } ] }, { command: a.x } ] | | a.x
            repeat count            | [ { repeat: { count: 3, then: [ { command: bell.ring, args: { n: "${vars.repeat.index}" } } ] } } ] | | bell.ring{"n":1}, bell.ring{"n":2}, bell.ring{"n":3}
            repeat while            | [ { variables: { n: 0 } }, { repeat: { while: [ { expr: "vars.n < 2" } ], then: [ { variables: { n: "${vars.n + 1}" } }, { command: bell.ring } ] } } ] | | bell.ring, bell.ring
            repeat until            | [ { variables: { n: 0 } }, { repeat: { until: { expr: "vars.n >= 3" }, then: [ { variables: { n: "${vars.n + 1}" } }, { command: bell.ring } ] } } ] | | bell.ring, bell.ring, bell.ring
            repeat while on index   | [ { repeat: { while: [ { expr: "vars.repeat.index <= 2" } ], then: [ { command: bell.ring, args: { n: "${vars.repeat.index}" } } ] } } ] | | bell.ring{"n":1}, bell.ring{"n":2}
            repeat until on index   | [ { repeat: { until: [ { expr: "vars.repeat.index >= 3" } ], then: [ { command: bell.ring, args: { n: "${vars.repeat.index}" } } ] } } ] | | bell.ring{"n":1}, bell.ring{"n":2}, bell.ring{"n":3}
            repeat while, nested    | [ { repeat: { count: 2, then: [ { repeat: { while: [ { expr: "vars.repeat.index < 2" } ], then: [ { command: bell.ring, args: { n: "${vars.repeat.index}" } } ] } } ] } } ] | | bell.ring{"n":1}, bell.ring{"n":1}
            repeat while false      | [ { repeat: { while: [ { state: hall.motion, is: false } ], then: [ { command: bell.ring } ] } }, { command: a.x } ] | | a.x
            parallel                | [ { parallel: [ { sequence: [ { delay: 1s }, { command: b.y } ] }, { command: a.x } ] }, { command: c.z } ] | +1s | a.x, b.y, c.z
            wait_for telemetry      | [ { wait_for: { telemetry: meter-1 }, timeout: 10m }, { command: a.x } ] | +1m; tele meter-1 {"w": 1} | a.x
            nested wait_for tele    | [ { parallel: [ { sequence: [ { wait_for: { telemetry: meter-+ }, timeout: 10m }, { command: b.y } ] }, { command: a.x } ] } ] | tele meter-2 {"w": 1} | a.x, b.y
            parallel waits for all  | [ { parallel: [ { sequence: [ { delay: 1s }, { command: b.y } ] }, { command: a.x } ] }, { command: c.z } ] | +500ms | a.x
            notify log              | [ { notify: log, message: "Coffee for ${trigger.device}" }, { command: a.x } ] | | a.x
            """)
    void runs(String name, String then, String events, String expected) {
        try (EngineHarness hub = new EngineHarness(dir)) {
            hub.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            hub.state.put("hall", "motion", EngineHarness.json("true"));
            hub.rules("""
                    rules:
                      - id: r
                        when: [ { state: bed-1.occupant, to: awake } ]
                        then: %s
                    """.formatted(then));
            hub.availability("coffee-1", true);

            hub.report("bed-1", "occupant", "\"awake\"");
            Script.run(hub, events);

            List<String> sent = hub.commands.requests.stream().map(request -> request.deviceId() + "."
                    + request.command() + (request.args().isEmpty() ? "" : request.args().toString())).toList();
            List<String> wanted = expected == null ? List.of() : Arrays.stream(expected.split(", ")).map(String::trim).toList();
            assertThat(sent).as(name).containsExactlyElementsOf(wanted);
        }
    }

    @Test
    void aWaitForTimeoutEndsTheRunAsFailedAndSaysSo() {
        try (EngineHarness hub = new EngineHarness(dir)) {
            hub.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            hub.rules("""
                    rules:
                      - id: r
                        when: [ { state: bed-1.occupant, to: awake } ]
                        then: [ { wait_for: { state: coffee-1.status, to: ready }, timeout: 10m }, { command: cup-1.fill } ]
                    """);
            hub.report("bed-1", "occupant", "\"awake\"");
            hub.time.advance(java.time.Duration.ofMinutes(10));

            assertThat(hub.runs).singleElement().satisfies(run -> {
                assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
                assertThat(run.detail()).isEqualTo("wait_for timed out after 10m");
            });
        }
    }

    @Test
    void desiredStateAndWebhookGoThroughTheirPorts() {
        try (EngineHarness hub = new EngineHarness(dir)) {
            hub.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            hub.rules("""
                    rules:
                      - id: r
                        when: [ { state: bed-1.occupant, to: awake } ]
                        then:
                          - desired: heater-1
                            state: { target: "${19 + 2}", mode: comfort }
                          - notify: webhook
                            url: https://example.org/hook
                            message: "${trigger.device} is ${trigger.to}"
                    """);

            hub.report("bed-1", "occupant", "\"awake\"");

            assertThat(hub.desired).containsExactly("heater-1 {\"target\":21,\"mode\":\"comfort\"} by r");
            assertThat(hub.webhooks).singleElement().satisfies(hook -> assertThat(hook)
                    .startsWith("https://example.org/hook {\"rule\":\"r\",\"message\":\"bed-1 is awake\""));
            assertThat(hub.outcomes()).containsExactly(RunOutcome.COMPLETED);
        }
    }

    @Test
    void enableAndDisableAnotherRule() {
        try (EngineHarness hub = new EngineHarness(dir)) {
            hub.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            hub.state.put("door-1", "open", EngineHarness.json("false"));
            hub.rules("""
                    rules:
                      - id: away
                        when: [ { state: bed-1.occupant, to: awake } ]
                        then: [ { disable: door-alarm } ]
                      - id: back
                        when: [ { state: bed-1.occupant, to: asleep } ]
                        then: [ { enable: door-alarm } ]
                      - id: door-alarm
                        when: [ { state: door-1.open, to: true } ]
                        then: [ { command: siren-1.sound } ]
                    """);

            hub.report("bed-1", "occupant", "\"awake\"");
            hub.report("door-1", "open", "true");
            assertThat(hub.commands.requests).isEmpty();
            assertThat(hub.lastTrace("door-alarm").outcome()).isEqualTo(RunOutcome.DROPPED);

            hub.report("bed-1", "occupant", "\"asleep\"");
            hub.report("door-1", "open", "false");
            hub.report("door-1", "open", "true");
            assertThat(hub.sentCommands()).containsExactly("siren-1.sound");
        }
    }

    @Test
    void anExpressionThatFailsAtRunTimeFailsTheRunWithTheReason() {
        try (EngineHarness hub = new EngineHarness(dir)) {
            hub.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            hub.rules("""
                    rules:
                      - id: r
                        when: [ { state: bed-1.occupant, to: awake } ]
                        then: [ { command: coffee-1.brew, args: { cups: "${state['coffee-1'].cups + 1}" } } ]
                    """);

            hub.report("bed-1", "occupant", "\"awake\"");

            assertThat(hub.runs).singleElement().satisfies(run -> {
                assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
                assertThat(run.detail()).startsWith("command coffee-1.brew failed: an expression failed:").contains("cups");
            });
        }
    }

    @Test
    void perKeyModeSingleRunsEachDeviceOnce() {
        try (EngineHarness hub = new EngineHarness(dir)) {
            hub.commands.holdReplies = true;
            hub.rules("""
                    rules:
                      - id: per-bed
                        mode: single
                        key: trigger.device
                        when: [ { telemetry: bed-+ } ]
                        then: [ { command: "${trigger.device}.ack" } ]
                    """.replace("\"${trigger.device}.ack\"", "lamp-1.ack"));

            Script.run(hub, "tele bed-1 {\"a\": 1}; tele bed-2 {\"a\": 1}; tele bed-1 {\"a\": 2}");

            assertThat(hub.commands.requests).hasSize(2);
            assertThat(hub.runs).singleElement().satisfies(run -> {
                assertThat(run.outcome()).isEqualTo(RunOutcome.DROPPED);
                assertThat(run.detail()).isEqualTo("a run is already in progress (mode single) for key \"bed-1\"");
            });
        }
    }
}
