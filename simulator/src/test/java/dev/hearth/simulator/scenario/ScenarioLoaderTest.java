package dev.hearth.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.simulator.device.CoffeeMachine;
import dev.hearth.wire.WireJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioLoaderTest {
    private final ScenarioLoader loader = new ScenarioLoader();

    private static final String DEVICES = """
            name: test
            devices:
              - id: bed-1
                kind: bed
                password: bed-1-example
              - id: coffee-1
                kind: coffee-machine
                password: coffee-1-example
            """;

    @Test
    void loadsTheExampleIntoTypedSteps() throws Exception {
        Scenario scenario = loader.load(Path.of("src/test/resources/scenarios/morning-coffee.yaml"));

        assertThat(scenario.name()).isEqualTo("morning-coffee");
        assertThat(scenario.devices()).containsExactly(
                new DeviceSpec.BedSpec("bed-1", "bed-1-example"),
                new DeviceSpec.CoffeeMachineSpec("coffee-1", "coffee-1-example", Duration.ofMillis(300)));
        assertThat(scenario.steps()).containsExactly(
                new Step.Report(Duration.ZERO, "bed-1", object("{\"occupant\":\"asleep\"}")),
                new Step.Report(Duration.ofMillis(200), "bed-1", object("{\"occupant\":\"awake\"}")),
                new Step.ExpectCommand(Duration.ofMillis(200), "coffee-1", "brew", Optional.of(object("{\"cups\":1}")),
                        Duration.ofSeconds(5)));
    }

    @Test
    void aCoffeeMachineBrewsForFiveSecondsUnlessTold() throws Exception {
        Scenario scenario = loader.parse("s.yaml", DEVICES + "steps: []\n");

        assertThat(scenario.device("coffee-1")).get()
                .isEqualTo(new DeviceSpec.CoffeeMachineSpec("coffee-1", "coffee-1-example", CoffeeMachine.DEFAULT_BREW_TIME));
        assertThat(scenario.steps()).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `steps:\\n  - at: 1s\\n    report: { device: bed-2, state: { occupant: awake } }`      | s.yaml:11:23: unknown device 'bed-2', expected one of: bed-1, coffee-1
            `steps:\\n  - at: soon\\n    report: { device: bed-1, state: {} }`                       | s.yaml:10:9: bad duration 'soon': expected e.g. 500ms, 30s, 5m, 1h30m, 1.5s or 2d
            `steps:\\n  - at: 5\\n    report: { device: bed-1, state: {} }`                          | s.yaml:10:9: bad duration '5': expected e.g. 500ms, 30s, 5m, 1h30m, 1.5s or 2d
            `steps:\\n  - at: 1s\\n    expect: { device: coffee-1, receives: brew }`               | s.yaml:11:13: missing key 'within' (or 'at', for an exact time)
            `steps:\\n  - report: { device: bed-1, state: {} }`                                     | s.yaml:10:5: missing key 'at'
            `steps:\\n  - at: 1s`                                                                     | s.yaml:10:5: a step needs one of: report, offline, online, restart, malformed, expect
            `steps:\\n  - at: 1s\\n    report: { device: bed-1, state: {} }\\n    expect: { device: coffee-1, receives: brew, within: 1s }` | s.yaml:12:5: a step does one thing: found both 'report' and 'expect'
            `steps:\\n  - at: 1s\\n    repport: { device: bed-1, state: {} }`                     | s.yaml:11:5: unknown key 'repport' in a step, expected one of: at, report, offline, online, restart, malformed, expect
            `steps:\\n  - at: 2s\\n    report: { device: bed-1, state: {} }\\n  - at: 1s\\n    report: { device: bed-1, state: {} }` | s.yaml:12:9: steps go in time order: 1s comes after 2s
            `steps:\\n  - at: 1s\\n    report: { device: bed-1, state: awake }`                   | s.yaml:11:37: state should be a mapping, got 'awake'
            `steps:\\n  - at: 1s\\n    expect: { device: coffee-1, receives: brew/now, within: 1s }` | s.yaml:11:43: invalid command name 'brew/now': use 1-64 letters, digits, '_', '-' or '.'
            `steps: nothing`                                                                          | s.yaml:9:8: 'steps' should be a list, got 'nothing'
            `stepz: []`                                                                               | s.yaml:9:1: unknown key 'stepz' in a scenario, expected one of: name, description, seed, start, zone, devices, steps
            `steps:\\n  - at: 1s\\n    report: { device: bed-1, state: {}, state: {} }`           | s.yaml:11:41: duplicate key 'state' (first at 11:30)
            `steps:\\n  - at: 1s\\n    report: { device: bed-1, state: [ }`                       | s.yaml:11:39: YAML syntax error: expected the node content, but found '}'
            """)
    void stepErrorsSayWhereAndWhat(String steps, String message) {
        assertThatThrownBy(() -> loader.parse("s.yaml", DEVICES + steps.replace("\\n", "\n") + "\n"))
                .isInstanceOf(ScenarioLoadException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `name: x\\ndevices:\\n  - id: t-1\\n    kind: toaster\\n    password: p\\nsteps: []`                     | d.yaml:4:11: unknown kind 'toaster', expected one of: bed, coffee-machine
            `name: x\\ndevices:\\n  - id: t-1\\n    kind: bed\\nsteps: []`                                          | d.yaml:3:5: missing key 'password'
            `name: x\\ndevices:\\n  - id: a/b\\n    kind: bed\\n    password: p\\nsteps: []`                        | d.yaml:3:9: invalid device id 'a/b': use 1-64 letters, digits, '_', '-' or '.'
            `name: x\\ndevices:\\n  - { id: b, kind: bed, password: p }\\n  - { id: b, kind: bed, password: q }\\nsteps: []` | d.yaml:4:11: duplicate device id 'b'
            `name: x\\ndevices:\\n  - { id: b, kind: bed, password: p, brew-time: 2s }\\nsteps: []`             | d.yaml:3:38: unknown key 'brew-time' in a bed, expected one of: id, kind, password
            `name: x\\ndevices:\\n  - { id: c, kind: coffee-machine, password: p, brew-time: fast }\\nsteps: []` | d.yaml:3:60: bad duration 'fast'
            `name: x\\ndevices: []\\nsteps: []`                                                                 | d.yaml:2:10: a scenario needs at least one device
            `devices: []`                                                                                       | d.yaml:1:1: missing key 'name'
            ``                                                                                                  | d.yaml:1:1: empty scenario: expected name, devices and steps
            `- just a list`                                                                                     | d.yaml:1:1: a scenario should be a mapping, got a list
            """)
    void deviceAndFileErrorsSayWhereAndWhat(String yaml, String message) {
        assertThatThrownBy(() -> loader.parse("d.yaml", yaml == null ? "" : yaml.replace("\\n", "\n")))
                .isInstanceOf(ScenarioLoadException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void stepTimesTakeTheOneDurationSyntax() throws Exception {
        Scenario scenario = loader.parse("s.yaml", DEVICES + """
                steps:
                  - at: 1h30m
                    report: { device: bed-1, state: { occupant: awake } }
                  - at: 1h30m250ms
                    expect: { device: coffee-1, receives: brew, within: 1.5s }
                """);

        assertThat(scenario.steps()).extracting(Step::at).containsExactly(Duration.ofMinutes(90), Duration.ofMinutes(90).plusMillis(250));
        assertThat(scenario.expectations()).singleElement().extracting(Step.Expectation::within).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void yesAndOnAreTextAsInYaml12() throws Exception {
        Scenario scenario = loader.parse("s.yaml", DEVICES + "steps:\n  - at: 1s\n    report: { device: bed-1, state: { occupant: yes, light: on, ok: true } }\n");

        assertThat(((Step.Report) scenario.steps().get(0)).state()).isEqualTo(object("{\"occupant\":\"yes\",\"light\":\"on\",\"ok\":true}"));
    }

    @Test
    void everyProblemIsReportedWithItsPlaceNotOnlyTheFirst() {
        String steps = """
                steps:
                  - at: soon
                    report: { device: bed-1, state: {} }
                  - at: 2s
                    report: { device: bed-9, state: {} }
                """;
        assertThatThrownBy(() -> loader.parse("s.yaml", DEVICES + steps))
                .isInstanceOfSatisfying(ScenarioLoadException.class, e -> {
                    assertThat(e.problems()).extracting(Object::toString).containsExactly(
                            "s.yaml:10:9: bad duration 'soon': expected e.g. 500ms, 30s, 5m, 1h30m, 1.5s or 2d",
                            "s.yaml:13:23: unknown device 'bed-9', expected one of: bed-1, coffee-1");
                    assertThat(e).hasMessage(String.join("\n", e.problems().stream().map(Object::toString).toList()));
                });
    }

    @Test
    void theExceptionCarriesThePlaceApart() {
        assertThatThrownBy(() -> loader.parse("s.yaml", DEVICES + "steps:\n  - at: soon\n    report: { device: bed-1, state: {} }\n"))
                .isInstanceOfSatisfying(ScenarioLoadException.class, e -> {
                    assertThat(e.source()).isEqualTo("s.yaml");
                    assertThat(e.line()).isEqualTo(10);
                    assertThat(e.column()).isEqualTo(9);
                    assertThat(e.problem()).startsWith("bad duration 'soon'");
                });
    }

    private static ObjectNode object(String json) throws Exception {
        return (ObjectNode) WireJson.mapper().readTree(json);
    }
}
