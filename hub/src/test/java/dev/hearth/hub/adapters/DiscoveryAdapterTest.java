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
