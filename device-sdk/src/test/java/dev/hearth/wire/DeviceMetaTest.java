package dev.hearth.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceMetaTest {
    @Test
    void roundTripsAndKeepsTheWireShape() throws Exception {
        DeviceMeta meta = DeviceMeta.builder("thermostat")
                .attribute("temperature", AttributeType.NUMBER, "°C")
                .attribute("mode", AttributeType.STRING)
                .command("set_target")
                .build();

        String json = new String(meta.toBytes(), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"type\":\"thermostat\",\"attributes\":{\"temperature\":{\"type\":\"number\",\"unit\":\"°C\"},"
                + "\"mode\":{\"type\":\"string\"}},\"commands\":[\"set_target\"]}");
        assertThat(DeviceMeta.parse(meta.toBytes())).isEqualTo(meta);
        assertThat(meta.attributes().get("mode").unitIfAny()).isEmpty();
    }

    @Test
    void missingListsAreEmptyAndUnknownFieldsAreIgnored() throws Exception {
        DeviceMeta meta = DeviceMeta.parse("{\"type\":\"bed\",\"firmware\":\"1.2\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(meta.attributes()).isEmpty();
        assertThat(meta.commands()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `[]`                                                      | expected a JSON object, got array
            `{}`                                                      | a device meta names the device type
            `{"type":"bed","commands":["a/b"]}`                       | invalid command name 'a/b'
            `{"type":"bed","attributes":{"x":{"type":"colour"}}}`     | unknown attribute type 'colour'
            """)
    void refusesWhatIsWrongSayingWhat(String payload, String message) {
        assertThatThrownBy(() -> DeviceMeta.parse(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WireJson.InvalidPayloadException.class)
                .hasMessageContaining(message);
    }
}
