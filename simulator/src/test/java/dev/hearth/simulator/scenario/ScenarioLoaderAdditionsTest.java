package dev.hearth.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.simulator.behaviour.Sample;
import dev.hearth.simulator.device.DeviceKind;
import dev.hearth.simulator.device.OfflineMode;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.TopicKind;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scenario format's additions: more kinds, behaviours, fault steps, state/API and exact expectations. */
class ScenarioLoaderAdditionsTest {
    @TempDir
    Path folder;

    private final ScenarioLoader loader = new ScenarioLoader();

    @Test
    void loadsKindsBehavioursFaultStepsAndExpectations() throws Exception {
        Files.writeString(folder.resolve("door.csv"), "time,value\n0,closed\n90s,open\n2.5m,\"closed\"\n");
        Path file = Files.writeString(folder.resolve("house.yaml"), """
                name: house
                seed: 7
                start: "2026-01-05T06:00:00"
                zone: Europe/Paris
                devices:
                  - id: thermo-1
                    kind: thermostat
                    password: p
                    attributes:
                      temperature: { random-walk: { start: 20, min: 15, max: 25, step: 0.5, every: 30s } }
                  - id: motion-1
                    kind: motion-sensor
                    password: p
                    attributes:
                      motion: { scripted: [ { at: 0s, value: false }, { at: 1m, value: true } ] }
                  - id: door-1
                    kind: door-contact
                    password: p
                    attributes:
                      contact: { replay: door.csv }
                  - id: air-1
                    kind: generic
                    password: p
                    type: air-quality
                    attributes:
                      co2: { type: integer, unit: ppm, constant: 400 }
                    commands: [ ventilate ]
                steps:
                  - at: 1s
                    offline: { device: door-1 }
                  - at: 2s
                    online: { device: door-1 }
                  - at: 2s
                    offline: { device: motion-1, how: close }
                  - at: 3s
                    restart: { device: thermo-1 }
                  - at: 4s
                    malformed: { device: air-1, topic-kind: telemetry, payload: "not json" }
                  - expect: { device: air-1, receives: ventilate, at: 5s }
                  - at: 6s
                    expect: { device: thermo-1, state: target, equals: 20, within: 1s }
                  - at: 6s
                    expect: { api: /api/devices/door-1, pointer: /state/contact, equals: open, within: 2m }
                """);

        Scenario s = loader.load(file);

        assertThat(s.seed()).isEqualTo(7);
        assertThat(s.start()).contains(ZonedDateTime.parse("2026-01-05T06:00:00+01:00[Europe/Paris]"));
        assertThat(s.devices()).extracting(DeviceSpec::kind).containsExactly(
                DeviceKind.THERMOSTAT, DeviceKind.MOTION_SENSOR, DeviceKind.DOOR_CONTACT, DeviceKind.GENERIC);
        var walk = (Behaviour.RandomWalk) ((DeviceSpec.BehaviourSpec) s.devices().get(0)).behaviours().get("temperature");
        assertThat(walk).extracting(Behaviour.RandomWalk::start, Behaviour.RandomWalk::min, Behaviour.RandomWalk::max,
                Behaviour.RandomWalk::step, Behaviour.RandomWalk::every).containsExactly(20.0, 15.0, 25.0, 0.5, Duration.ofSeconds(30));
        assertThat(((DeviceSpec.BehaviourSpec) s.devices().get(1)).behaviours().get("motion")).isEqualTo(new Behaviour.Scripted(List.of(
                new Sample(Duration.ZERO, BooleanNode.FALSE), new Sample(Duration.ofMinutes(1), BooleanNode.TRUE))));
        assertThat(((DeviceSpec.BehaviourSpec) s.devices().get(2)).behaviours().get("contact")).isEqualTo(new Behaviour.Replay("door.csv", List.of(
                new Sample(Duration.ZERO, TextNode.valueOf("closed")), new Sample(Duration.ofSeconds(90), TextNode.valueOf("open")),
                new Sample(Duration.ofSeconds(150), TextNode.valueOf("closed")))));
        DeviceSpec.GenericSpec air = (DeviceSpec.GenericSpec) s.devices().get(3);
        assertThat(air.type()).isEqualTo("air-quality");
        assertThat(air.commands()).containsExactly(CommandMeta.of("ventilate"));
        assertThat(air.attributes()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AttributeType.INTEGER);
            assertThat(a.unit()).contains("ppm");
            assertThat(a.behaviour()).isEqualTo(new Behaviour.Constant(IntNode.valueOf(400)));
        });
        assertThat(s.steps()).containsExactly(
                new Step.GoOffline(Duration.ofSeconds(1), "door-1", OfflineMode.DROP),
                new Step.ComeOnline(Duration.ofSeconds(2), "door-1"),
                new Step.GoOffline(Duration.ofSeconds(2), "motion-1", OfflineMode.CLOSE),
                new Step.Restart(Duration.ofSeconds(3), "thermo-1"),
                new Step.Malformed(Duration.ofSeconds(4), "air-1", TopicKind.TELEMETRY, "not json"),
                new Step.ExpectCommand(Duration.ofSeconds(5), "air-1", "ventilate", Optional.empty(), Duration.ZERO, true),
                new Step.ExpectState(Duration.ofSeconds(6), "thermo-1", "target", IntNode.valueOf(20), Duration.ofSeconds(1), false),
                new Step.ExpectApi(Duration.ofSeconds(6), "/api/devices/door-1", "/state/contact", TextNode.valueOf("open"),
                        Duration.ofMinutes(2), false));
    }

    @Test
    void randomWalksGetTheirOwnSeedFromTheScenarioSeedDeviceAndAttribute() throws Exception {
        String yaml = """
                name: two
                seed: 5
                devices:
                  - { id: t-1, kind: thermostat, password: p, attributes: { temperature: { random-walk: { start: 1, min: 0, max: 2, step: 1, every: 1s } } } }
                  - { id: t-2, kind: thermostat, password: p, attributes: { temperature: { random-walk: { start: 1, min: 0, max: 2, step: 1, every: 1s } } } }
                steps: []
                """;
        Scenario s = loader.parse("s.yaml", yaml);
        long seed1 = ((Behaviour.RandomWalk) ((DeviceSpec.BehaviourSpec) s.devices().get(0)).behaviours().get("temperature")).seed();
        long seed2 = ((Behaviour.RandomWalk) ((DeviceSpec.BehaviourSpec) s.devices().get(1)).behaviours().get("temperature")).seed();
        long again = ((Behaviour.RandomWalk) ((DeviceSpec.BehaviourSpec) loader.parse("s.yaml", yaml).devices().get(0)).behaviours().get("temperature")).seed();

        assertThat(seed1).isNotEqualTo(seed2).isEqualTo(again);
    }

    private static final String ONE_BED = "name: x\ndevices:\n  - { id: bed-1, kind: bed, password: p }\n";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `steps:\\n  - at: 1s\\n    offline: { device: bed-1, how: gently }`                                | s.yaml:6:36: unknown 'how' 'gently', expected drop (the connection dies) or close (the device says goodbye)
            `steps:\\n  - at: 1s\\n    malformed: { device: bed-1, topic-kind: commands, payload: x }`         | s.yaml:6:45: unknown topic-kind 'commands', expected one of: meta, state, telemetry, status, replies, desired
            `steps:\\n  - at: 1s\\n    malformed: { device: bed-1, topic-kind: state, payload: [1] }`          | s.yaml:6:61: 'payload' should be the text to send, got a list
            `steps:\\n  - at: 1s\\n    expect: { device: bed-1, receives: brew, at: 2s }`                      | s.yaml:6:46: give the time once: 'at' on the step or in 'expect', not both
            `steps:\\n  - expect: { device: bed-1, receives: brew, at: 2s, within: 1s }`                      | s.yaml:5:54: an expectation has 'within' or an exact 'at', not both
            `steps:\\n  - at: 1s\\n    expect: { device: bed-1, within: 1s }`                                  | s.yaml:6:13: expect needs one of: receives (a command), state (a device's state), api (the hub's API)
            `steps:\\n  - at: 1s\\n    expect: { device: bed-1, state: occupant, within: 1s }`                 | s.yaml:6:13: missing key 'equals'
            `steps:\\n  - at: 1s\\n    expect: { api: api/devices, pointer: /x, equals: 1, within: 1s }`       | s.yaml:6:20: 'api' is a path on the hub, like /api/devices/coffee-1
            `steps:\\n  - at: 1s\\n    expect: { api: /api/devices, pointer: x, equals: 1, within: 1s }`       | s.yaml:6:43: 'pointer' is a JSON pointer, like /state/status
            `steps:\\n  - at: 1s\\n    online: { device: bed-2 }`                                              | s.yaml:6:23: unknown device 'bed-2', expected one of: bed-1
            `seed: many\\nsteps: []`                                                                           | s.yaml:4:7: 'seed' should be a whole number, got 'many'
            `start: tomorrow\\nsteps: []`                                                                      | s.yaml:4:8: bad start 'tomorrow': use a date and time like 2026-01-05T06:00:00
            `start: "2026-01-05T06:00:00"\\nzone: Mars/Olympus\\nsteps: []`                                  | s.yaml:5:7: unknown zone 'Mars/Olympus': use a region like Europe/Paris, or UTC
            """)
    void newStepErrorsSayWhereAndWhat(String steps, String message) {
        assertThatThrownBy(() -> loader.parse("s.yaml", ONE_BED + steps.replace("\\n", "\n") + "\n"))
                .isInstanceOf(ScenarioLoadException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `kind: thermostat, password: p, attributes: { humidity: { constant: 1 } }`                               | d.yaml:3:61: a thermostat has no attribute 'humidity', expected one of: temperature, target
            `kind: thermostat, password: p, attributes: { target: { constant: 1, scripted: [] } }`                   | d.yaml:3:84: attribute 'target' has one behaviour: found both 'constant' and 'scripted'
            `kind: thermostat, password: p, attributes: { target: {} }`                                              | d.yaml:3:69: attribute 'target' needs one of: constant, random-walk, replay, scripted
            `kind: thermostat, password: p, attributes: { target: { random-walk: { start: 30, min: 0, max: 10, step: 1, every: 1s } } } } ` | d.yaml:3:93: start 30.0 is outside [0.0, 10.0]
            `kind: thermostat, password: p, attributes: { target: { random-walk: { start: 1, min: 0, max: 10, step: 0, every: 1s } } } } `  | d.yaml:3:119: step must be positive, got 0.0
            `kind: thermostat, password: p, attributes: { target: { random-walk: { start: 1, min: 0, max: 10, step: 1, every: 0s } } } } `  | d.yaml:3:129: every must be longer than 0s
            `kind: thermostat, password: p, attributes: { target: { random-walk: { start: x, min: 0, max: 10, step: 1, every: 1s } } } } `  | d.yaml:3:93: 'start' should be a number, got 'x'
            `kind: motion-sensor, password: p, attributes: { motion: { scripted: [ { at: 2s, value: true }, { at: 1s, value: false } ] } }` | d.yaml:3:117: values go in time order: 1s comes after 2s
            `kind: door-contact, password: p, attributes: { contact: { replay: missing.csv } }`                                           | d.yaml:3:82: replay file 'missing.csv' not found
            `kind: generic, password: p, attributes: { co2: { unit: ppm, constant: 1 } }`                                                  | d.yaml:3:63: missing key 'type'
            `kind: generic, password: p, attributes: { co2: { type: float, constant: 1 } }`                                                | d.yaml:3:71: unknown attribute type 'float', expected one of: string, number, integer, boolean, object
            `kind: generic, password: p, attributes: {}, commands: [ "a/b" ]`                                                              | d.yaml:3:72: invalid command name 'a/b'
            `kind: generic, password: p, attributes: { co2: { type: number, constant: [1] } }`                                            | d.yaml:3:89: a constant is one value, got a list
            `kind: generic, password: p, attributes: { co2: { type: number, settable: maybe, constant: 1 } }`                             | d.yaml:3:89: 'settable' should be true or false, got 'maybe'
            `kind: generic, password: p, attributes: {}, commands: [ { args: {} } ]`                                                       | d.yaml:3:72: missing key 'name'
            `kind: generic, password: p, attributes: {}, commands: [ { name: go, args: [ x ] } ]`                                          | d.yaml:3:90: the args of command 'go' should be a mapping, got a list
            `kind: generic, password: p, attributes: {}, commands: [ { name: go, args: { x: { type: colour } } } ]`                       | d.yaml:3:103: unknown attribute type 'colour'
            `kind: generic, password: p, attributes: {}, commands: [ { name: go, help: x } ]`                                             | d.yaml:3:84: unknown key 'help' in a command, expected one of: name, args
            `kind: generic, password: p, attributes: {}, commands: [ go, { name: go } ]`                                                   | d.yaml:3:76: command 'go' is declared twice
            """)
    void behaviourErrorsSayWhereAndWhat(String device, String message) {
        String yaml = "name: x\ndevices:\n  - { id: d-1, " + device.strip() + " }\nsteps: []\n";
        assertThatThrownBy(() -> loader.parse("d.yaml", yaml.replace("} } } } }", "} } } }")))
                .isInstanceOf(ScenarioLoadException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `time,value\\n1s,open\\nsoon,closed`   | r.csv:3:1: bad time 'soon'
            `2s,open\\n1s,closed`                  | r.csv:2:1: times go in order: 1s comes after 2s
            `1s open`                              | r.csv:1:1: expected time,value, got '1s open'
            `1s,`                                  | r.csv:1:4: missing value after the comma
            `# only a comment`                     | r.csv:1:1: a replay file needs at least one time,value line
            """)
    void replayFileErrorsPointIntoTheCsv(String csv, String message) throws Exception {
        Files.writeString(folder.resolve("r.csv"), csv.replace("\\n", "\n"));
        Path scenario = Files.writeString(folder.resolve("s.yaml"),
                "name: x\ndevices:\n  - { id: d-1, kind: door-contact, password: p, attributes: { contact: { replay: { file: r.csv } } } }\nsteps: []\n");

        assertThatThrownBy(() -> loader.load(scenario))
                .isInstanceOf(ScenarioLoadException.class)
                .hasMessageStartingWith(folder.resolve(message.substring(0, message.indexOf(':'))) + message.substring(message.indexOf(':')));
    }

    @Test
    void replayValuesAreNumbersBooleansOrText() throws Exception {
        List<Sample> samples = CsvSamples.parse("r.csv", "0,21.5\n1,true\n2,\"a,b\"\n3,idle\n");
        assertThat(samples).extracting(Sample::value).containsExactly(
                DecimalNode.valueOf(new BigDecimal("21.5")), BooleanNode.TRUE, TextNode.valueOf("a,b"), TextNode.valueOf("idle"));
    }
}
