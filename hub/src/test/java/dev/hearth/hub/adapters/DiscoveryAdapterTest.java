package dev.hearth.hub.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.MutableClock;
import dev.hearth.hub.adapters.profile.Profiles;
import dev.hearth.rules.CommandRequest;
import dev.hearth.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A login speaking Home Assistant discovery: its configs become device metas, its states attributes, commands its payloads. */
class DiscoveryAdapterTest {
    private static final String NODE = "garage-node";
    private final Adapters adapters = new Adapters(List.of(new NativeLogin(NODE, Protocol.HA_DISCOVERY, NODE)),
            Profiles.builtIn(), NODE::equals, new MutableClock(Instant.parse("2026-12-02T06:00:00Z")));

    private static final String RELAY = "{\"name\":\"Relay\",\"stat_t\":\"garage-node/switch/relay/state\",\"cmd_t\":"
            + "\"garage-node/switch/relay/command\",\"pl_on\":\"1\",\"pl_off\":\"0\",\"dev\":{\"ids\":\"a4cf\",\"name\":\"Garage Node\"}}";

    @Test
    void itsAccessIsItsDiscoveryConfigsAndItsOwnTree() {
        var access = adapters.access(NODE).orElseThrow();
        assertThat(access.publish()).containsExactly("homeassistant/+/garage-node/+/config", "garage-node/#");
        assertThat(access.subscribe()).containsExactly("garage-node/#", "homeassistant/status");
        assertThat(adapters.take(NODE, "homeassistant/sensor/other-node/t/config", bytes("{}")))
                .isInstanceOf(Reading.Outside.class);
        assertThat(adapters.take(NODE, "homeassistant/sensor/t/config", bytes("{}"))).as("no node id")
                .isInstanceOf(Reading.Outside.class);
    }

    @Test
    void aConfigNamingTheLoginByItsFriendlyNameIsTheLoginsDevice() {
        List<DeviceEvent> events = take("homeassistant/switch/garage-node/relay/config", RELAY);
        ObjectNode meta = ((DeviceEvent.Described) events.get(0)).meta();
        assertThat(events.get(0).deviceId()).isEqualTo(NODE);
        assertThat(meta.path("attributes").toString()).isEqualTo("{\"relay\":{\"type\":\"boolean\",\"settable\":true}}");
        assertThat(meta.path("commands").toString()).contains("\"turn_on\"", "\"turn_off\"").doesNotContain("press");
        assertThat(meta.path("origin").toString()).isEqualTo(
                "{\"protocol\":\"ha-discovery\",\"login\":\"garage-node\",\"name\":\"Garage Node\",\"address\":\"a4cf\"}");
        assertThat(take("homeassistant/switch/garage-node/relay/config", RELAY)).as("the same config again").isEmpty();
        assertThat(reported(take("garage-node/switch/relay/state", "1"))).isEqualTo("{\"relay\":true}");
        assertThat(adapters.take(NODE, "garage-node/switch/relay/state", bytes("maybe")))
                .isInstanceOfSatisfying(Reading.Refused.class, refused -> assertThat(refused.reason()).isEqualTo("invalid_value"));
    }

    @Test
    void anotherDeviceOfTheConfigsIsItsOwnHearthDeviceGroupedByIdentifiers() {
        take("homeassistant/sensor/garage-node/t1/config", "{\"stat_t\":\"garage-node/rf/1\",\"val_tpl\":\"{{ value_json.t }}\","
                + "\"unit_of_meas\":\"°C\",\"dev\":{\"ids\":[\"rf1\"],\"name\":\"Shed Sensor\"}}");
        List<DeviceEvent> events = take("homeassistant/sensor/garage-node/h1/config", "{\"stat_t\":\"garage-node/rf/1\","
                + "\"val_tpl\":\"{{ value_json.h | is_defined }}\",\"unit_of_meas\":\"%\",\"dev\":{\"ids\":[\"rf1\"]}}");
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.deviceId()).isEqualTo("Shed-Sensor");
            assertThat(((DeviceEvent.Described) event).meta().path("attributes").size()).isEqualTo(2);
        });
        assertThat(adapters.origin("Shed-Sensor").orElseThrow().login()).isEqualTo(NODE);
        assertThat(reported(take("garage-node/rf/1", "{\"t\":4.5,\"h\":80}"))).isEqualTo("{\"t1\":4.5,\"h1\":80}");
        assertThat(reported(take("garage-node/rf/1", "{\"t\":5}"))).as("what could be read is kept").isEqualTo("{\"t1\":5}");
    }

    @Test
    void anEmptiedConfigRemovesTheEntityFromTheMetaAndTheState() {
        take("homeassistant/switch/garage-node/relay/config", RELAY);
        take("homeassistant/sensor/garage-node/temperature/config", "{\"stat_t\":\"garage-node/t\",\"unit_of_meas\":\"°C\"}");
        List<DeviceEvent> events = take("homeassistant/switch/garage-node/relay/config", "");
        assertThat(events).hasSize(2);
        ObjectNode meta = ((DeviceEvent.Described) events.get(0)).meta();
        assertThat(meta.path("attributes").has("relay")).isFalse();
        assertThat(meta.path("commands").isEmpty()).isTrue();
        assertThat(((DeviceEvent.Reported) events.get(1)).state().toString()).isEqualTo("{\"relay\":null}");
        assertThat(take("garage-node/switch/relay/state", "1")).as("its state topic is read no more").isEmpty();
        assertThatThrownBy(() -> adapters.command(request("turn_on", "{}"), new byte[] {1}))
                .isInstanceOf(CommandRefused.class).hasMessageContaining("no entity that takes 'turn_on'");
    }

    @Test
    void aConfigChangedInPlaceChangesTheMetaAndKeepsTheValue() {
        take("homeassistant/sensor/garage-node/temperature/config", "{\"stat_t\":\"garage-node/t\",\"unit_of_meas\":\"°C\"}");
        List<DeviceEvent> events = take("homeassistant/sensor/garage-node/temperature/config",
                "{\"stat_t\":\"garage-node/t\",\"unit_of_meas\":\"°F\"}");
        assertThat(events).singleElement().isInstanceOfSatisfying(DeviceEvent.Described.class, described ->
                assertThat(described.meta().path("attributes").path("temperature").path("unit").asText()).isEqualTo("°F"));
    }

    @Test
    void commandsAreTheConfigsPayloadsOnItsCommandTopics() throws Exception {
        take("homeassistant/switch/garage-node/relay/config", RELAY);
        take("homeassistant/light/garage-node/lamp/config", "{\"stat_t\":\"garage-node/lamp\",\"cmd_t\":\"garage-node/lamp/set\","
                + "\"bri_stat_t\":\"garage-node/lamp/bri\",\"bri_cmd_t\":\"garage-node/lamp/bri/set\",\"bri_scl\":100}");
        take("homeassistant/number/garage-node/fan/config", "{\"stat_t\":\"garage-node/fan\",\"cmd_t\":\"garage-node/fan/set\","
                + "\"min\":0,\"max\":100}");
        take("homeassistant/button/garage-node/restart/config", "{\"cmd_t\":\"garage-node/restart\",\"pl_prs\":\"now\"}");
        assertThat(publish("turn_off", "{\"entity\":\"relay\"}")).isEqualTo("garage-node/switch/relay/command 0");
        assertThat(publish("turn_on", "{\"entity\":\"lamp\"}")).isEqualTo("garage-node/lamp/set ON");
        assertThat(publish("turn_on", "{\"entity\":\"lamp\",\"brightness\":40}")).isEqualTo("garage-node/lamp/bri/set 40");
        assertThat(publish("set", "{\"value\":7.5}")).isEqualTo("garage-node/fan/set 7.5");
        assertThat(publish("press", "{}")).isEqualTo("garage-node/restart now");
        assertThat(adapters.command(request("press", "{}"), new byte[] {2}).orElseThrow().doneWhenSent().orElseThrow().toString())
                .as("no report confirms a press").isEqualTo("{\"pressed\":\"restart\"}");
        assertThat(adapters.command(request("set", "{\"value\":1}"), new byte[] {3}).orElseThrow().doneWhenSent()).isEmpty();
        assertThatThrownBy(() -> publish("turn_on", "{}")).hasMessageContaining("needs argument 'entity', one of [relay, lamp]");
        assertThatThrownBy(() -> publish("set", "{\"value\":101}")).hasMessageContaining("outside the entity's range");
        assertThatThrownBy(() -> publish("turn_on", "{\"entity\":\"lamp\",\"brightness\":101}")).hasMessageContaining("0 to 100");
        assertThat(reported(take("garage-node/lamp/bri", "40"))).as("the brightness confirms").isEqualTo("{\"lamp_brightness\":40}");
    }

    @Test
    void aSelectReportsAndTakesOnlyItsOptions() throws Exception {
        List<DeviceEvent> described = take("homeassistant/select/garage-node/fan_mode/config", "{\"stat_t\":\"garage-node/fan_mode\","
                + "\"cmd_t\":\"garage-node/fan_mode/set\",\"ops\":[\"low\",\"high\",\"auto\"]}");
        assertThat(described).filteredOn(DeviceEvent.Described.class::isInstance).singleElement().satisfies(event -> {
            ObjectNode meta = ((DeviceEvent.Described) event).meta();
            assertThat(meta.path("attributes").path("fan_mode").toString()).isEqualTo("{\"type\":\"string\",\"settable\":true}");
            assertThat(meta.path("commands").findValuesAsText("name")).containsExactly("select");
        });
        assertThat(reported(take("garage-node/fan_mode", "high"))).isEqualTo("{\"fan_mode\":\"high\"}");
        assertThat(publish("select", "{\"option\":\"auto\"}")).isEqualTo("garage-node/fan_mode/set auto");
        assertThatThrownBy(() -> publish("select", "{\"option\":\"turbo\"}"))
                .hasMessage(NODE + ": select needs argument 'option', one of [low, high, auto], got \"turbo\"");
        Reading bad = adapters.take(NODE, "garage-node/fan_mode", bytes("turbo"));
        assertThat(bad).isInstanceOfSatisfying(Reading.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo("invalid_value");
            assertThat(refused.message()).contains("garage-node/fan_mode: 'turbo' is none of the options [low, high, auto]");
        });
        Reading noOptions = adapters.take(NODE, "homeassistant/select/garage-node/mode/config",
                bytes("{\"stat_t\":\"garage-node/mode\",\"cmd_t\":\"garage-node/mode/set\"}"));
        assertThat(noOptions).isInstanceOfSatisfying(Reading.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo("invalid_config");
            assertThat(refused.message()).endsWith("a select needs options, a list of texts");
        });
    }

    @Test
    void aCoverReportsItsStateAndItsPositionInHearthsRangeAndTakesItsPayloads() throws Exception {
        List<DeviceEvent> described = take("homeassistant/cover/garage-node/gate/config", "{\"~\":\"garage-node/cover/gate\","
                + "\"stat_t\":\"~/state\",\"cmd_t\":\"~/command\",\"pos_t\":\"~/position\",\"set_pos_t\":\"~/position/set\","
                + "\"pos_open\":0,\"pos_clsd\":200,\"pl_open\":\"UP\",\"pl_stop\":null,\"stat_clsd\":\"shut\"}");
        ObjectNode meta = ((DeviceEvent.Described) described.get(0)).meta();
        assertThat(meta.path("attributes").toString()).isEqualTo("{\"gate\":{\"type\":\"string\",\"settable\":true},"
                + "\"gate_position\":{\"type\":\"integer\",\"unit\":\"%\",\"settable\":true}}");
        assertThat(meta.path("commands").findValuesAsText("name")).as("payload_stop null: no stop")
                .containsExactly("open", "close", "set_position");
        assertThat(meta.path("commands").get(2).path("args").path("position").path("type").asText()).isEqualTo("integer");
        assertThat(reported(take("garage-node/cover/gate/state", "shut"))).isEqualTo("{\"gate\":\"closed\"}");
        assertThat(reported(take("garage-node/cover/gate/state", "opening"))).isEqualTo("{\"gate\":\"opening\"}");
        assertThat(reported(take("garage-node/cover/gate/position", "50"))).as("200 closed .. 0 open")
                .isEqualTo("{\"gate_position\":75}");
        assertThat(reported(take("garage-node/cover/gate/position", "{\"position\":0}"))).isEqualTo("{\"gate_position\":100}");
        assertThat(refusal("garage-node/cover/gate/state", "closed"))
                .isEqualTo("invalid_value garage-node/cover/gate/state: garage-node/cover/gate/state: 'closed' is none of the"
                        + " cover's states [open, shut, opening, closing, stopped]");
        assertThat(refusal("garage-node/cover/gate/position", "300")).endsWith("position 300 is outside position_closed 200"
                + " .. position_open 0");
        assertThat(publish("open", "{}")).isEqualTo("garage-node/cover/gate/command UP");
        assertThat(publish("close", "{}")).isEqualTo("garage-node/cover/gate/command CLOSE");
        assertThat(publish("set_position", "{\"position\":25}")).isEqualTo("garage-node/cover/gate/position/set 150");
        assertThatThrownBy(() -> publish("stop", "{}")).hasMessage(NODE + " has no entity that takes 'stop'");
        assertThatThrownBy(() -> publish("set_position", "{\"position\":101}"))
                .hasMessage(NODE + ": set_position needs argument 'position', an integer from 0 (closed) to 100 (open), got 101");
        assertThatThrownBy(() -> publish("set_position", "{\"position\":50.5}")).hasMessageContaining("an integer");
        adapters.command(request("set_position", "{\"position\":0}"), new byte[] {9});
        assertThat(take("garage-node/cover/gate/position", "200")).as("its position confirms set_position")
                .filteredOn(DeviceEvent.Confirmed.class::isInstance)
                .anySatisfy(event -> assertThat(((DeviceEvent.Confirmed) event).correlation()).containsExactly(9));
    }

    @Test
    void aCoverWithoutStateTopicsIsDoneOnceItsCommandIsSent() throws Exception {
        take("homeassistant/cover/garage-node/blind/config", "{\"cmd_t\":\"garage-node/blind/set\"}");
        NativePublish stop = adapters.command(request("stop", "{}"), new byte[] {1}).orElseThrow();
        assertThat(new String(stop.payload(), StandardCharsets.UTF_8)).isEqualTo("STOP");
        assertThat(stop.doneWhenSent().orElseThrow().toString()).isEqualTo("{\"sent\":\"stop\"}");
    }

    private static final String THERMOSTAT = "{\"~\":\"garage-node/climate/heating\",\"curr_temp_t\":\"~/current_temperature/state\","
            + "\"mode_stat_t\":\"~/mode/state\",\"mode_cmd_t\":\"~/mode/command\",\"temp_stat_t\":\"~/target_temperature/state\","
            + "\"temp_cmd_t\":\"~/target_temperature/command\",\"act_t\":\"~/action/state\",\"min_temp\":5,\"max_temp\":30,"
            + "\"temp_step\":0.5,\"modes\":[\"off\",\"heat\",\"auto\"],\"temp_unit\":\"C\"}";

    @Test
    void aClimateReportsItsModeTemperaturesAndActionAndTakesCheckedCommands() throws Exception {
        List<DeviceEvent> described = take("homeassistant/climate/garage-node/heating/config", THERMOSTAT);
        ObjectNode meta = ((DeviceEvent.Described) described.get(0)).meta();
        assertThat(meta.path("attributes").toString()).isEqualTo("{\"heating\":{\"type\":\"string\",\"settable\":true},"
                + "\"heating_current_temperature\":{\"type\":\"number\",\"unit\":\"°C\"},"
                + "\"heating_target_temperature\":{\"type\":\"number\",\"unit\":\"°C\",\"settable\":true},"
                + "\"heating_action\":{\"type\":\"string\"}}");
        assertThat(meta.path("commands").findValuesAsText("name")).containsExactly("set_temperature", "set_mode");
        assertThat(reported(take("garage-node/climate/heating/mode/state", "heat"))).isEqualTo("{\"heating\":\"heat\"}");
        assertThat(reported(take("garage-node/climate/heating/current_temperature/state", "19.25")))
                .isEqualTo("{\"heating_current_temperature\":19.25}");
        assertThat(reported(take("garage-node/climate/heating/target_temperature/state", "21")))
                .isEqualTo("{\"heating_target_temperature\":21}");
        assertThat(reported(take("garage-node/climate/heating/action/state", "heating"))).isEqualTo("{\"heating_action\":\"heating\"}");
        assertThat(refusal("garage-node/climate/heating/mode/state", "cool")).endsWith("'cool' is none of the modes [off, heat, auto]");
        assertThat(refusal("garage-node/climate/heating/action/state", "boiling")).contains("'boiling' is none of the actions");
        assertThat(refusal("garage-node/climate/heating/current_temperature/state", "nan")).endsWith("'nan' is not a number");

        assertThat(publish("set_temperature", "{\"temperature\":21.5}")).isEqualTo("garage-node/climate/heating/target_temperature/command 21.5");
        assertThat(publish("set_temperature", "{\"temperature\":22}")).isEqualTo("garage-node/climate/heating/target_temperature/command 22");
        assertThat(publish("set_mode", "{\"mode\":\"auto\"}")).isEqualTo("garage-node/climate/heating/mode/command auto");
        for (String bad : List.of("4.5", "30.5", "21.2", "\"warm\"")) {
            assertThatThrownBy(() -> publish("set_temperature", "{\"temperature\":" + bad + "}")).as(bad)
                    .hasMessage(NODE + ": set_temperature needs argument 'temperature', a number from 5 to 30 in steps of 0.5, got " + bad);
        }
        assertThatThrownBy(() -> publish("set_mode", "{\"mode\":\"cool\"}"))
                .hasMessage(NODE + ": set_mode needs argument 'mode', one of [off, heat, auto], got \"cool\"");
        adapters.command(request("set_temperature", "{\"temperature\":23}"), new byte[] {7});
        assertThat(take("garage-node/climate/heating/target_temperature/state", "23"))
                .as("the commands sent before it wait for it too").filteredOn(DeviceEvent.Confirmed.class::isInstance)
                .anySatisfy(event -> {
                    assertThat(((DeviceEvent.Confirmed) event).correlation()).containsExactly(7);
                    assertThat(((DeviceEvent.Confirmed) event).result().toString()).isEqualTo("{\"heating_target_temperature\":23}");
                });
    }

    @Test
    void aClimateReadsSeveralValuesFromOneJsonTopicEachByItsTemplate() {
        take("homeassistant/climate/garage-node/ac/config", "{\"curr_temp_t\":\"garage-node/ac\",\"curr_temp_tpl\":"
                + "\"{{ value_json.temp }}\",\"mode_stat_t\":\"garage-node/ac\",\"mode_stat_tpl\":\"{{ value_json.mode }}\","
                + "\"mode_cmd_t\":\"garage-node/ac/mode\"}");
        assertThat(reported(take("garage-node/ac", "{\"temp\":24.5,\"mode\":\"cool\"}")))
                .isEqualTo("{\"ac\":\"cool\",\"ac_current_temperature\":24.5}");
    }

    @Test
    void jsonAttributesAreMoreAttributesOfTheEntitysDevice() throws Exception {
        take("homeassistant/sensor/garage-node/temperature/config", "{\"stat_t\":\"garage-node/t\",\"unit_of_meas\":\"°C\","
                + "\"json_attr_t\":\"garage-node/info\"}");
        List<DeviceEvent> events = take("garage-node/info", "{\"RSSI\":-61,\"IP Address\":\"192.168.1.20\",\"charging\":false,"
                + "\"temperature\":99,\"nested\":{\"a\":1},\"list\":[1]}");
        assertThat(events.get(0)).as("what it is before what it says").isInstanceOfSatisfying(DeviceEvent.Described.class, described ->
                assertThat(described.meta().path("attributes").toString()).isEqualTo("{\"temperature\":{\"type\":\"number\","
                        + "\"unit\":\"°C\"},\"RSSI\":{\"type\":\"number\"},\"IP_Address\":{\"type\":\"string\"},"
                        + "\"charging\":{\"type\":\"boolean\"}}"));
        assertThat(reported(events)).as("an entity's own attribute is never overwritten; nested values are left out")
                .isEqualTo("{\"RSSI\":-61,\"IP_Address\":\"192.168.1.20\",\"charging\":false}");
        assertThat(take("garage-node/info", "{\"RSSI\":-70}")).as("no new field: no new meta").singleElement()
                .isInstanceOf(DeviceEvent.Reported.class);
        assertThat(refusal("garage-node/info", "[1,2]")).isEqualTo("invalid_value garage-node/info: garage-node/info:"
                + " json_attributes is a JSON object, not [1,2]");
        assertThat(refusal("garage-node/info", "online")).startsWith("invalid_value").contains("not JSON");
        List<DeviceEvent> removed = take("homeassistant/sensor/garage-node/temperature/config", "");
        assertThat(((DeviceEvent.Described) removed.get(0)).meta().path("attributes").isEmpty()).isTrue();
        assertThat(reported(removed)).isEqualTo("{\"RSSI\":null,\"IP_Address\":null,\"charging\":null,\"temperature\":null}");
    }

    @Test
    void jsonAttributesOnTheStateTopicAreReadBesideTheState() {
        take("homeassistant/sensor/garage-node/power/config", "{\"stat_t\":\"garage-node/plug\",\"val_tpl\":\"{{ value_json.power }}\","
                + "\"unit_of_meas\":\"W\",\"json_attr_t\":\"garage-node/plug\",\"json_attr_tpl\":\"{{ value_json.info | tojson }}\"}");
        assertThat(reported(take("garage-node/plug", "{\"power\":12.5,\"info\":{\"voltage\":230}}")))
                .isEqualTo("{\"voltage\":230,\"power\":12.5}");
    }

    private String refusal(String topic, String payload) {
        Reading reading = adapters.take(NODE, topic, bytes(payload));
        assertThat(reading).isInstanceOf(Reading.Refused.class);
        Reading.Refused refused = (Reading.Refused) reading;
        return refused.reason() + " " + refused.message();
    }

    private String publish(String command, String args) throws Exception {
        NativePublish publish = adapters.command(request(command, args), new byte[] {1}).orElseThrow();
        return publish.topic() + " " + new String(publish.payload(), StandardCharsets.UTF_8);
    }

    private static CommandRequest request(String command, String args) {
        try {
            return new CommandRequest(NODE, command, (ObjectNode) WireJson.mapper().readTree(args), Duration.ofSeconds(5), "test");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<DeviceEvent> take(String topic, String payload) {
        Reading reading = adapters.take(NODE, topic, bytes(payload));
        assertThat(reading).as(reading.toString()).isInstanceOf(Reading.Events.class);
        return ((Reading.Events) reading).events();
    }

    private static String reported(List<DeviceEvent> events) {
        return events.stream().filter(DeviceEvent.Reported.class::isInstance).map(event -> ((DeviceEvent.Reported) event).state().toString())
                .findFirst().orElse("");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
