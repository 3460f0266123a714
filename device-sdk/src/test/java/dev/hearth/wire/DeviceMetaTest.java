package dev.hearth.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
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
                + "\"mode\":{\"type\":\"string\"}},\"commands\":[{\"name\":\"set_target\"}]}");
        assertThat(DeviceMeta.parse(meta.toBytes())).isEqualTo(meta);
        assertThat(meta.attributes().get("mode").unitIfAny()).isEmpty();
        assertThat(meta.attributes().get("mode").settable()).isFalse();
    }

    @Test
    void roundTripsSettableAttributesAndCommandArguments() throws Exception {
        Map<String, AttributeMeta> recipe = new LinkedHashMap<>();
        recipe.put("cups", AttributeMeta.of(AttributeType.INTEGER));
        recipe.put("volume", AttributeMeta.of(AttributeType.NUMBER, "ml"));
        DeviceMeta meta = DeviceMeta.builder("coffee-machine")
                .attribute("status", AttributeType.STRING)
                .settableAttribute("strength", AttributeType.INTEGER)
                .settableAttribute("temperature", AttributeType.NUMBER, "°C")
                .command("brew", recipe)
                .command("descale")
                .build();

        String json = new String(meta.toBytes(), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"type\":\"coffee-machine\",\"attributes\":{\"status\":{\"type\":\"string\"},"
                + "\"strength\":{\"type\":\"integer\",\"settable\":true},"
                + "\"temperature\":{\"type\":\"number\",\"unit\":\"°C\",\"settable\":true}},"
                + "\"commands\":[{\"name\":\"brew\",\"args\":{\"cups\":{\"type\":\"integer\"},\"volume\":{\"type\":\"number\",\"unit\":\"ml\"}}},"
                + "{\"name\":\"descale\"}]}");
        DeviceMeta parsed = DeviceMeta.parse(meta.toBytes());
        assertThat(parsed).isEqualTo(meta);
        assertThat(parsed.attribute("strength")).contains(AttributeMeta.settable(AttributeType.INTEGER));
        assertThat(parsed.attribute("status").orElseThrow().settable()).isFalse();
        assertThat(parsed.commands()).containsExactly("brew", "descale");
        assertThat(parsed.command("brew").orElseThrow().args().keySet()).containsExactly("cups", "volume");
        assertThat(parsed.command("brew").flatMap(c -> c.arg("volume")).flatMap(AttributeMeta::unitIfAny)).contains("ml");
        assertThat(parsed.command("descale").orElseThrow().args()).isEmpty();
        assertThat(parsed.command("grind")).isEmpty();
        // the shared mapper reads it the same way
        assertThat(WireJson.mapper().readValue(meta.toBytes(), DeviceMeta.class)).isEqualTo(meta);
    }

    @Test
    void readsTheOlderFormWhereCommandsAreNames() throws Exception {
        DeviceMeta meta = DeviceMeta.parse(("{\"type\":\"coffee-machine\",\"attributes\":{\"status\":{\"type\":\"string\"}},"
                + "\"commands\":[\"brew\",{\"name\":\"descale\",\"args\":{\"hot\":{\"type\":\"boolean\"}}}]}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(meta.commands()).containsExactly("brew", "descale");
        assertThat(meta.commandDetails()).containsExactly(CommandMeta.of("brew"),
                CommandMeta.of("descale", Map.of("hot", AttributeMeta.of(AttributeType.BOOLEAN))));
        assertThat(meta.attribute("status")).contains(AttributeMeta.of(AttributeType.STRING));
        assertThat(WireJson.mapper().readValue("[\"brew\"]", CommandMeta[].class)).containsExactly(CommandMeta.of("brew"));
    }

    @Test
    void missingListsAreEmptyAndUnknownFieldsAreIgnored() throws Exception {
        DeviceMeta meta = DeviceMeta.parse(("{\"type\":\"bed\",\"firmware\":\"1.2\",\"attributes\":{\"x\":{\"type\":\"string\",\"min\":1}},"
                + "\"commands\":[{\"name\":\"a\",\"args\":null,\"help\":\"…\"}]}").getBytes(StandardCharsets.UTF_8));
        DeviceMeta bare = DeviceMeta.parse("{\"type\":\"bed\",\"attributes\":null,\"commands\":null}".getBytes(StandardCharsets.UTF_8));

        assertThat(meta.attributes()).containsExactly(Map.entry("x", AttributeMeta.of(AttributeType.STRING)));
        assertThat(meta.commandDetails()).containsExactly(CommandMeta.of("a"));
        assertThat(bare.attributes()).isEmpty();
        assertThat(bare.commands()).isEmpty();
    }

    @Test
    void aCommandIsDeclaredOnce() {
        assertThatThrownBy(() -> DeviceMeta.builder("x").command("brew").command("brew", Map.of()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command 'brew' is declared twice");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `[]`                                                                   | expected a JSON object, got array
            `{}`                                                                   | invalid device meta: type: missing: a device meta names the device type
            `{"type":" "}`                                                         | invalid device meta: type: blank: a device meta names the device type
            `{"type":3}`                                                           | invalid device meta: type: expected a string, got number
            `{"type":"bed","commands":["a/b"]}`                                    | invalid device meta: commands[0]: invalid command name 'a/b'
            `{"type":"bed","commands":{"brew":{}}}`                                | invalid device meta: commands: expected an array of command names or {"name": …} objects, got object
            `{"type":"bed","commands":[7]}`                                        | invalid device meta: commands[0]: expected a command name or an object with "name", got number
            `{"type":"bed","commands":[{"args":{}}]}`                              | invalid device meta: commands[0].name: missing: a command has a name
            `{"type":"bed","commands":["a",{"name":"a/b"}]}`                       | invalid device meta: commands[1].name: invalid command name 'a/b'
            `{"type":"bed","commands":["brew","brew"]}`                            | invalid device meta: commands[1]: command 'brew' is declared twice
            `{"type":"bed","commands":[{"name":"brew","args":["cups"]}]}`          | invalid device meta: commands[0].args: expected an object of argument name to {"type": …}, got array
            `{"type":"bed","commands":[{"name":"brew","args":{"cups":"integer"}}]}` | invalid device meta: commands[0].args.cups: expected an object such as {"type": "number"}, got string
            `{"type":"bed","commands":[{"name":"brew","args":{"cups":{"type":"int"}}}]}` | invalid device meta: commands[0].args.cups.type: unknown attribute type 'int', expected one of string, number, integer, boolean, object
            `{"type":"bed","attributes":{"x":{"type":"colour"}}}`                  | invalid device meta: attributes.x.type: unknown attribute type 'colour'
            `{"type":"bed","attributes":{"x":{}}}`                                 | invalid device meta: attributes.x.type: missing: expected one of string, number
            `{"type":"bed","attributes":{"x":{"type":"string","unit":5}}}`         | invalid device meta: attributes.x.unit: expected a string, got number
            `{"type":"bed","attributes":{"x":{"type":"string","settable":"yes"}}}` | invalid device meta: attributes.x.settable: expected true or false, got string
            `{"type":"bed","attributes":[]}`                                       | invalid device meta: attributes: expected an object of attribute name to {"type": …}, got array
            """)
    void refusesWhatIsWrongSayingWhereAndWhat(String payload, String message) {
        assertThatThrownBy(() -> DeviceMeta.parse(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WireJson.InvalidPayloadException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void theSharedMapperRefusesWithTheSameMessage() {
        assertThatThrownBy(() -> WireJson.mapper().readValue(
                "{\"type\":\"bed\",\"commands\":[{\"name\":\"brew\",\"args\":[]}]}", DeviceMeta.class))
                .hasMessageContaining("commands[0].args: expected an object of argument name");
    }
}
