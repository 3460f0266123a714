package dev.hearth.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kind of condition, checked when bed-1.occupant goes from asleep to awake on Monday 07:00. */
class ConditionsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "[{index}] {0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            'state: coffee-1.status, is: idle'                     | coffee-1.status="idle"          | true
            'state: coffee-1.status, is: [idle, ready]'            | coffee-1.status="brewing"       | false
            'state: coffee-1.water_ml, above: 200'                 | coffee-1.water_ml=250           | true
            'state: coffee-1.water_ml, above: 200'                 | coffee-1.water_ml=200           | false
            'state: coffee-1.water_ml, above: 200, below: 300.5'   | coffee-1.water_ml=300.4         | true
            'state: coffee-1.water_ml, below: 100'                 | coffee-1.water_ml="empty"       | false
            'state: coffee-1.water_ml, below: 100'                 |                                 | false
            'time: { after: "06:00", before: "08:00", weekdays: [mon] }' |                          | true
            'time: { weekdays: [sat, sun] }'                       |                                 | false
            'and: [ { state: coffee-1.status, is: idle }, { state: coffee-1.water_ml, above: 100 } ]' | coffee-1.status="idle"; coffee-1.water_ml=150 | true
            'and: [ { state: coffee-1.status, is: idle }, { state: coffee-1.water_ml, above: 100 } ]' | coffee-1.status="idle"; coffee-1.water_ml=50  | false
            'or: [ { state: coffee-1.status, is: idle }, { time: { weekdays: [sun] } } ]'              | coffee-1.status="busy"                        | false
            'or: [ { state: coffee-1.status, is: idle }, { time: { weekdays: [mon] } } ]'              | coffee-1.status="busy"                        | true
            'not: [ { state: coffee-1.status, is: busy } ]'        | coffee-1.status="idle"          | true
            'not: { state: coffee-1.status, is: busy }'            | coffee-1.status="busy"          | false
            'expr: "state[''coffee-1''].water_ml > 200"'           | coffee-1.water_ml=250.5         | true
            'expr: "state[''coffee-1''].water_ml > 200"'           | coffee-1.water_ml=150           | false
            'expr: "state[''coffee-1''].water_ml > 200"'           |                                 | false
            'expr: "has(state[''coffee-1''].water_ml)"'            |                                 | false
            'expr: "trigger.to == ''awake'' && trigger.from == ''asleep''"' |                        | true
            'expr: "state[''coffee-1''].status in [''idle'', ''ready'']"'    | coffee-1.status="ready" | true
            """)
    void holds(String condition, String state, boolean runs) {
        try (EngineHarness hub = new EngineHarness(dir)) {
            if (state != null) {
                for (String assignment : state.split(";")) {
                    String[] parts = assignment.trim().split("=", 2);
                    int dot = parts[0].lastIndexOf('.');
                    hub.state.put(parts[0].substring(0, dot), parts[0].substring(dot + 1), EngineHarness.json(parts[1]));
                }
            }
            hub.state.put("bed-1", "occupant", EngineHarness.json("\"asleep\""));
            hub.rules("""
                    rules:
                      - id: r
                        when: [ { state: bed-1.occupant, to: awake } ]
                        if:
                          - %s
                        then: [ { command: coffee-1.brew } ]
                    """.formatted(condition.startsWith("time") || condition.startsWith("expr")
                    || condition.startsWith("and") || condition.startsWith("or") || condition.startsWith("not")
                    ? condition : "{ " + condition + " }"));

            hub.report("bed-1", "occupant", "\"awake\"");

            assertThat(hub.commands.requests).as(condition).hasSize(runs ? 1 : 0);
            assertThat(hub.outcomes()).containsExactly(runs ? RunOutcome.COMPLETED : RunOutcome.CONDITIONS_NOT_MET);
            assertThat(hub.lastTrace("r").steps()).filteredOn(step -> step.kind() == TraceStep.Kind.CONDITION)
                    .singleElement().satisfies(step -> assertThat(step.result()).startsWith(runs ? "true" : "false"));
        }
    }
}
