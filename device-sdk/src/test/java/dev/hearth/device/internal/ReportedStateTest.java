package dev.hearth.device.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.wire.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportedStateTest {
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{}`                         | `{"a":1}`           | `{"a":1}`
            `{"a":1}`                    | `{"b":2}`           | `{"a":1,"b":2}`
            `{"a":1,"b":2}`              | `{"a":3}`           | `{"a":3,"b":2}`
            `{"a":1}`                    | `{"a":null}`        | `{"a":null}`
            `{"o":{"x":1,"y":2}}`        | `{"o":{"x":5}}`     | `{"o":{"x":5}}`
            """)
    void mergesTopLevelKeysAndPublishesTheWhole(String initial, String partial, String merged) throws Exception {
        ReportedState state = new ReportedState(object(initial));
        List<ObjectNode> published = new ArrayList<>();

        state.merge(object(partial), published::add);

        assertThat(published).containsExactly(object(merged));
        assertThat(state.copy()).isEqualTo(object(merged));
    }

    private static ObjectNode object(String json) throws Exception {
        return (ObjectNode) WireJson.mapper().readTree(json);
    }
}
