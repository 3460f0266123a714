package dev.hearth.hub.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.wire.WireJson;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonTextTest {
    static Stream<String> values() {
        return Stream.of("0", "-17", "9223372036854775807", "123456789012345678901234567890", "21.5", "0.1", "1.0",
                "-1.5E-300", "1.7976931348623157E308", "3.14159265358979323846264338327950288", "true", "false", "null",
                "\"awake\"", "\"\"", "\"quote \\\" backslash \\\\ tab \\t newline \\n\"", "\"\\u0000\\u001f control\"",
                "\"caf\u00e9 \u2615 \ud83d\ude00\"", "{\"a\":[1,2,{\"b\":null}]}", "[]");
    }

    @ParameterizedTest
    @MethodSource("values")
    void writesJsonThatReadsBackAsTheSameValue(String json) throws Exception {
        JsonNode value = WireJson.mapper().readTree(json);
        assertEquals(value, WireJson.mapper().readTree(JsonText.of(value)));
    }
}
