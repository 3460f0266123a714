package dev.hearth.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.wire.WireJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgsMatchTest {
    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"cups":1}`                 | `{"cups":1}`          | true
            `{"cups":1,"size":"large"}`  | `{"cups":1}`          | true
            `{"cups":1.0}`               | `{"cups":1}`          | true
            `{"cups":2}`                 | `{"cups":1}`          | false
            `{}`                         | `{"cups":1}`          | false
            `{"o":{"a":1,"b":2}}`        | `{"o":{"a":1}}`       | true
            `{"o":{"a":2}}`              | `{"o":{"a":1}}`       | false
            `{"l":[1,2]}`                | `{"l":[1]}`           | false
            `{"cups":1}`                 | `{}`                  | true
            """)
    void argsMatchWhenTheyContainTheWantedFields(String actual, String wanted, boolean matches) throws Exception {
        assertThat(ScenarioRunner.contains(WireJson.mapper().readTree(actual), WireJson.mapper().readTree(wanted))).isEqualTo(matches);
    }
}
