package dev.hearth.hub.adapters.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Discovery configs as devices send them: abbreviated, with a base topic, with Home Assistant's defaults. */
class ConfigReaderTest {
    private static final String TOPIC = "homeassistant/switch/garage-node/relay/config";

    private static EntityConfig read(String component, String json) throws ConfigRefused {
        return ConfigReader.read(TOPIC, component, "relay", json.getBytes(StandardCharsets.UTF_8),
                topic -> topic.startsWith("garage-node/"));
    }

    @Test
    void abbreviationsAndTheBaseTopicAreExpanded() throws Exception {
        EntityConfig relay = read("switch", """
                {"~":"garage-node/switch/relay","name":"Relay","stat_t":"~/state","cmd_t":"~/command","pl_on":"1","pl_off":"0",
                 "avty":[{"t":"garage-node/status"},{"t":"~/avail","pl_avail":"up","pl_not_avail":"down"}],"avty_mode":"all",
                 "uniq_id":"abc","dev":{"ids":["a4cf12abcdef","other"],"name":"Garage Node","mf":"espressif","mdl":"esp32dev"}}""");
        assertThat(relay.stateTopic()).contains("garage-node/switch/relay/state");
        assertThat(relay.commandTopic()).contains("garage-node/switch/relay/command");
        assertThat(relay.payloadOn()).isEqualTo("1");
        assertThat(relay.stateOn()).as("state_on defaults to payload_on").isEqualTo("1");
        assertThat(relay.availability()).extracting(AvailabilityTopic::topic, AvailabilityTopic::online)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("garage-node/status", "online"),
                        org.assertj.core.groups.Tuple.tuple("garage-node/switch/relay/avail", "up"));
        assertThat(relay.availabilityMode()).isEqualTo("all");
        assertThat(relay.device()).contains(new DeviceInfo(List.of("a4cf12abcdef", "other"), Optional.of("Garage Node"),
                Optional.of("espressif"), Optional.of("esp32dev")));
    }

    @Test
    void homeAssistantsDefaultsFillTheRest() throws Exception {
        EntityConfig door = read("binary_sensor", "{\"state_topic\":\"garage-node/door\",\"availability_topic\":\"garage-node/status\"}");
        assertThat(door.component()).isEqualTo(Component.BINARY_SENSOR);
        assertThat(List.of(door.stateOn(), door.stateOff(), door.payloadPress())).containsExactly("ON", "OFF", "PRESS");
        assertThat(door.availability().get(0).offline()).isEqualTo("offline");
        assertThat(door.availabilityMode()).isEqualTo("latest");
        assertThat(door.valueTemplate()).isEqualTo(ValueTemplate.VALUE);
        assertThat(door.device()).isEmpty();
    }

    @Test
    void anEsphomeJsonLightHasBrightness() throws Exception {
        EntityConfig lamp = read("light", "{\"schema\":\"json\",\"brightness\":true,\"stat_t\":\"garage-node/light/lamp/state\","
                + "\"cmd_t\":\"garage-node/light/lamp/command\",\"dev\":{\"ids\":\"a4cf12abcdef\",\"name\":\"garage-node\"}}");
        assertThat(lamp.light().jsonSchema()).isTrue();
        assertThat(lamp.light().brightness()).isTrue();
        assertThat(lamp.light().brightnessScale()).isEqualTo(255);
        assertThat(lamp.device().orElseThrow().key()).as("one identifier as a plain string").isEqualTo("a4cf12abcdef");
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            sensor  ; {"stat_t":                                                             ; not_json
            sensor  ; [1,2]                                                                  ; not_json
            cover   ; {"cmd_t":"garage-node/cover/gate/command"}                             ; unknown_component
            switch  ; {"stat_t":"garage-node/relay","cmd_t":"cmnd/tasmota_ABC123/POWER"}      ; config_topic_not_allowed
            sensor  ; {"stat_t":"garage-node/#"}                                             ; config_topic_not_allowed
            sensor  ; {"stat_t":"garage-node/t","json_attr_t":"zigbee2mqtt/lamp"}            ; config_topic_not_allowed
            sensor  ; {"~":"other-node","stat_t":"~/t"}                                      ; config_topic_not_allowed
            sensor  ; {"stat_t":"garage-node/t","avty":[{"t":"hearth/status"}]}              ; config_topic_not_allowed
            sensor  ; {"stat_t":"garage-node/t","val_tpl":"{{ value_json.t | multiply(2) }}"} ; template_not_understood
            number  ; {"cmd_t":"garage-node/n/set","cmd_tpl":"{\\"v\\": {{ value }} }"}      ; template_not_understood
            sensor  ; {"name":"no state topic"}                                              ; invalid_config
            switch  ; {"stat_t":"garage-node/relay"}                                         ; invalid_config
            sensor  ; {"stat_t":"garage-node/t","avty_mode":"most"}                          ; invalid_config
            sensor  ; {"stat_t":"garage-node/t","dev":{"name":"no ids"}}                     ; invalid_config
            """)
    void badConfigsAreRefusedNamingTheTopic(String component, String json, String reason) {
        assertThatThrownBy(() -> read(component, json)).isInstanceOfSatisfying(ConfigRefused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(reason);
            assertThat(refused.getMessage()).startsWith(TOPIC + ": ");
        });
    }

    @Test
    void aTopicOutsideItsTreeIsNamedWithItsField() {
        assertThatThrownBy(() -> read("switch", "{\"stat_t\":\"garage-node/relay\",\"cmd_t\":\"cmnd/tasmota_ABC123/POWER\"}"))
                .hasMessageContaining("command_topic 'cmnd/tasmota_ABC123/POWER' is outside the login's own topics");
    }
}
