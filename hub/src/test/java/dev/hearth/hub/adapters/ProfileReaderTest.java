package dev.hearth.hub.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.hub.adapters.profile.Handling;
import dev.hearth.hub.adapters.profile.Profile;
import dev.hearth.hub.adapters.profile.Profiles;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ProfileReaderTest {
    private static final String MINIMAL = """
            protocol: tasmota
            access:
              publish: [ "tele/{topic}/#" ]
              subscribe: [ "cmnd/{topic}/#" ]
            meta:
              type: plug
              commands:
                turn_on: {}
            messages:
              - topic: "tele/{topic}/STATE"
                json:
                  "POWER{n}": { state: "power{n}", value: number }
            commands:
              turn_on: { topic: "cmnd/{topic}/POWER", text: "ON", confirm: [ power ] }
            """;

    @Test
    void theShippedProfilesRead() {
        Map<Protocol, Profile> profiles = Profiles.builtIn();
        assertThat(profiles).containsOnlyKeys(Protocol.TASMOTA, Protocol.ZIGBEE2MQTT, Protocol.SHELLY);
        Profile tasmota = profiles.get(Protocol.TASMOTA);
        assertThat(tasmota.speaksFor()).isEqualTo(Profile.SpeaksFor.ONE_DEVICE);
        assertThat(tasmota.commands()).containsOnlyKeys("turn_on", "turn_off", "toggle", "set_brightness", "set_color_temp",
                "set_color", "open", "close", "stop", "set_position");
        assertThat(tasmota.meta().orElseThrow().commands()).as("a light's and a shutter's are its discovery's kinds'")
                .containsExactly("turn_on", "turn_off", "toggle");
        assertThat(tasmota.discovery().orElseThrow().kinds()).containsOnlyKeys("light", "shutter", "button", "switch");
        assertThat(tasmota.messages().get(0).handling()).isInstanceOf(Handling.Availability.class);
        Profile zigbee = profiles.get(Protocol.ZIGBEE2MQTT);
        assertThat(zigbee.speaksFor()).isEqualTo(Profile.SpeaksFor.BRIDGE_DEVICES);
        assertThat(zigbee.messages()).anySatisfy(rule -> assertThat(rule.handling()).isInstanceOf(Handling.DeviceList.class));
    }

    @Test
    void aMinimalProfileReads() {
        Profile profile = Profiles.load("mine.yaml", MINIMAL, Protocol.TASMOTA);
        assertThat(profile.messages()).hasSize(1);
        assertThat(profile.publish()).extracting(Object::toString).containsExactly("tele/{topic}/#");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an unknown key                 | 'value: number'            | 'value: number, colour: red'    | mine.yaml:12:55: unknown key 'colour' in field 'POWER{n}'; expected one of event, expr, skip, state, telemetry, value",
            "an unknown value reading       | 'value: number'            | 'value: onoff'                  | mine.yaml:12:47: unknown value 'onoff'; expected as-is, number, measurement",
            "a CEL expression that is wrong | 'value: number'            | 'expr: \"value.Signal +\"'        | mine.yaml:12:61: expression 'value.Signal +': mismatched input '<EOF>'",
            "state and telemetry at once    | 'state: \"power{n}\", value: number' | 'state: p, telemetry: q' | mine.yaml:12:19: field 'POWER{n}' goes to exactly one of state:, telemetry: or event:",
            "a placeholder that is unknown  | 'state: \"power{n}\"'        | 'state: \"power{relay}\"'         | mine.yaml:12:28: unknown placeholder {relay}; expected {topic}, {name}, {n}",
            "a text command's placeholder   | 'text: \"ON\"'               | 'text: \"{level}\"'               | mine.yaml:14:49: command 'turn_on': text '{level}': unknown placeholder {level}",
            "a command only its meta has    | 'turn_on: {}'              | 'turn_on: {}\n    set_brightness: {}' | mine.yaml:15:3: the commands [turn_on] and the meta's commands [set_brightness, turn_on] differ",
    })
    void aProfileErrorNamesFileLineAndColumn(String what, String replaced, String by, String expected) {
        String broken = MINIMAL.replace(replaced, by);
        assertThat(broken).as("the test's edit applies").isNotEqualTo(MINIMAL);
        assertThatThrownBy(() -> Profiles.load("mine.yaml", broken, Protocol.TASMOTA))
                .isInstanceOf(Profiles.Invalid.class)
                .hasMessageStartingWith(expected);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String broken = MINIMAL.replace("subscribe: [ \"cmnd/{topic}/#\" ]", "subscribe: [ \"cmnd/#\" ]")
                .replace("text: \"ON\"", "text: \"ON\", json: {}");
        assertThatThrownBy(() -> Profiles.load("mine.yaml", broken, Protocol.TASMOTA))
                .hasMessageContaining("mine.yaml:4:16: an access filter has {topic} as a whole level")
                .hasMessageContaining("mine.yaml:14:12: command 'turn_on' sends exactly one of text:");
    }

    @Test
    void anRpcCommandNeedsTheTopicItsRepliesComeBackOn() {
        String rpc = MINIMAL.replace("text: \"ON\", confirm: [ power ]", "rpc: { method: Switch.Set, params: { on: true } }");
        assertThat(rpc).isNotEqualTo(MINIMAL);
        assertThatThrownBy(() -> Profiles.load("mine.yaml", rpc, Protocol.TASMOTA))
                .hasMessageContaining("mine.yaml:10:3: commands sent as rpc: need exactly one message with rpc-replies: true");
        String replies = rpc.replace("messages:\n", "messages:\n  - topic: \"tele/{topic}/answers\"\n    rpc-replies: true\n");
        assertThatThrownBy(() -> Profiles.load("mine.yaml", replies, Protocol.TASMOTA))
                .hasMessageContaining("rpc-replies: the topic a device answers on is <src>/rpc");
        Profile profile = Profiles.load("mine.yaml", replies.replace("tele/{topic}/answers", "tele/{topic}/rpc"), Protocol.TASMOTA);
        assertThat(profile.commands().get("turn_on").confirm()).isInstanceOf(dev.hearth.hub.adapters.profile.CommandRule.Confirm.Reply.class);
    }

    @Test
    void aDiscoverysKindsAreKnownAndDeclareTheirCommands() {
        String discovery = MINIMAL.replace("  subscribe: [ \"cmnd/{topic}/#\" ]\n", "  subscribe: [ \"cmnd/{topic}/#\" ]\n"
                + "  swallow: [ \"tasmota/discovery/#\" ]\ndiscovery:\n  format: tasmota\n  config: \"tasmota/discovery/+/config\"\n"
                + "  sensors: { topic: \"tasmota/discovery/+/sensors\", field: sn, as: \"tele/{topic}/SENSOR\" }\n"
                + "  kinds:\n    dimmer: {}\n    light: { attributes: { \"level{name}\": { type: integer } }, commands: { dim: {} } }\n");
        assertThat(discovery).isNotEqualTo(MINIMAL);
        assertThatThrownBy(() -> Profiles.load("mine.yaml", discovery, Protocol.TASMOTA))
                .hasMessageContaining("mine.yaml:11:5: unknown kind 'dimmer'; expected one of [light, shutter, button, switch]")
                .hasMessageContaining("mine.yaml:12:28: attribute 'level{name}': an attribute name may use {n} only");
        String dims = discovery.replace("    dimmer: {}\n", "").replace("level{name}", "level{n}");
        assertThatThrownBy(() -> Profiles.load("mine.yaml", dims, Protocol.TASMOTA))
                .hasMessageContaining("the commands [turn_on] and the meta's commands [dim, turn_on] differ");
    }

    @Test
    void aYamlSyntaxErrorIsPlacedToo() {
        assertThatThrownBy(() -> Profiles.load("mine.yaml", MINIMAL.replace("meta:\n  type: plug", "meta:\n\ttype: plug"),
                Protocol.TASMOTA)).hasMessageStartingWith("mine.yaml:6:1: tab character in indentation");
    }

    @Test
    void aProfileOfAnotherProtocolIsRefused() {
        assertThatThrownBy(() -> Profiles.load("mine.yaml", MINIMAL, Protocol.ZIGBEE2MQTT))
                .hasMessage("mine.yaml: the profile of tasmota, expected zigbee2mqtt's");
    }
}
