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

    @Test
    void anEsphomeCoverIsExpandedWithHomeAssistantsDefaults() throws Exception {
        EntityConfig gate = read("cover", "{\"~\":\"garage-node/cover/gate\",\"stat_t\":\"~/state\",\"cmd_t\":\"~/command\","
                + "\"pos_t\":\"~/position/state\",\"set_pos_t\":\"~/position/command\",\"pl_stop\":null,\"stat_clsd\":\"shut\"}");
        Cover cover = gate.cover().orElseThrow();
        assertThat(cover.position().orElseThrow().topic()).isEqualTo("garage-node/cover/gate/position/state");
        assertThat(cover.setPositionTopic()).contains("garage-node/cover/gate/position/command");
        assertThat(List.of(cover.payloadOpen(), cover.payloadClose(), cover.payloadStop()))
                .as("payload_stop null: it takes no stop").containsExactly(Optional.of("OPEN"), Optional.of("CLOSE"), Optional.empty());
        assertThat(cover.states()).containsEntry("shut", "closed").containsEntry("open", "open").containsEntry("stopped", "stopped")
                .doesNotContainKey("closed");
        assertThat(List.of(cover.positionClosed(), cover.positionOpen())).containsExactly(0, 100);
    }

    @Test
    void anEsphomeClimateIsExpandedWithHomeAssistantsDefaults() throws Exception {
        EntityConfig thermostat = read("climate", "{\"curr_temp_t\":\"garage-node/climate/t/current_temperature/state\","
                + "\"mode_stat_t\":\"garage-node/climate/t/mode/state\",\"mode_cmd_t\":\"garage-node/climate/t/mode/command\","
                + "\"temp_stat_t\":\"garage-node/climate/t/target_temperature/state\",\"temp_stat_tpl\":\"{{ value_json.t }}\","
                + "\"temp_cmd_t\":\"garage-node/climate/t/target_temperature/command\",\"act_t\":\"garage-node/climate/t/action/state\","
                + "\"min_temp\":5,\"temp_step\":0.5,\"modes\":[\"off\",\"heat\"],\"temp_unit\":\"C\"}");
        Climate climate = thermostat.climate().orElseThrow();
        assertThat(climate.targetTemperature().orElseThrow().template().source()).isEqualTo("{{ value_json.t }}");
        assertThat(climate.currentTemperature().orElseThrow().template()).isEqualTo(ValueTemplate.VALUE);
        assertThat(climate.modes()).containsExactly("off", "heat");
        assertThat(List.of(climate.minTemp(), climate.maxTemp(), climate.tempStep())).containsExactly(5.0, 35.0, 0.5);
        assertThat(climate.unit()).contains("°C");
        assertThat(climate.stateTopics()).hasSize(4);
        assertThat(read("climate", "{\"mode_cmd_t\":\"garage-node/m\"}").climate().orElseThrow().modes())
                .as("Home Assistant's modes").containsExactly("auto", "off", "cool", "heat", "dry", "fan_only");
    }

    @Test
    void jsonAttributesAreReadAsJsonUnlessATemplateSaysMore() throws Exception {
        EntityConfig plain = read("sensor", "{\"stat_t\":\"garage-node/t\",\"json_attr_t\":\"garage-node/attrs\"}");
        assertThat(plain.jsonAttributes()).contains(new StateTopic("garage-node/attrs", ValueTemplate.JSON));
        EntityConfig templated = read("sensor", "{\"stat_t\":\"garage-node/t\",\"json_attr_t\":\"garage-node/attrs\","
                + "\"json_attr_tpl\":\"{{ value_json.info | tojson }}\"}");
        assertThat(templated.jsonAttributes().orElseThrow().template().source()).isEqualTo("{{ value_json.info | tojson }}");
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            sensor  ; {"stat_t":                                                             ; not_json
            sensor  ; [1,2]                                                                  ; not_json
            lock    ; {"cmd_t":"garage-node/lock/door/command"}                              ; unknown_component
            cover   ; {"name":"no topics"}                                                   ; invalid_config
            cover   ; {"cmd_t":"garage-node/gate/set","pos_open":0,"pos_clsd":0}             ; invalid_config
            cover   ; {"cmd_t":"garage-node/gate/set","stat_open":"on","stat_clsd":"on"}     ; invalid_config
            cover   ; {"set_pos_t":"garage-node/gate/pos","set_pos_tpl":"{{ position }}"}    ; template_not_understood
            cover   ; {"stat_t":"garage-node/gate","pos_t":"other/gate/pos"}                 ; config_topic_not_allowed
            climate ; {"name":"no topics","modes":["heat"]}                                  ; invalid_config
            climate ; {"temp_cmd_t":"garage-node/t/set","min_temp":30,"max_temp":10}         ; invalid_config
            climate ; {"temp_cmd_t":"garage-node/t/set","temp_step":0}                       ; invalid_config
            climate ; {"temp_cmd_t":"garage-node/t/set","temp_unit":"K"}                     ; invalid_config
            climate ; {"mode_cmd_t":"garage-node/m/set","modes":"heat"}                      ; invalid_config
            climate ; {"mode_cmd_t":"garage-node/m/set","mode_cmd_tpl":"{{ value }}"}        ; template_not_understood
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
