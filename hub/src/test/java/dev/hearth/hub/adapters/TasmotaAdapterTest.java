package dev.hearth.hub.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.adapters.profile.Profiles;
import dev.hearth.rules.CommandRequest;
import dev.hearth.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Tasmota profile: what each of a plug's native messages becomes, and its commands. */
public class TasmotaAdapterTest {
    private static final String TOPIC = "tasmota_ABC123";
    private final Adapters adapters = new Adapters(List.of(new NativeLogin("plug-1", Protocol.TASMOTA, TOPIC)),
            Profiles.builtIn(), "plug-1"::equals, Clock.systemUTC());

    @Test
    void itsAccessIsItsOwnTasmotaTree() {
        var access = adapters.access("plug-1").orElseThrow();
        assertThat(access.publish()).containsExactly("tele/tasmota_ABC123/#", "stat/tasmota_ABC123/#");
        assertThat(access.subscribe()).containsExactly("cmnd/tasmota_ABC123/#");
        assertThat(access.commandTopic()).isEqualTo("cmnd/tasmota_ABC123/POWER");
        assertThat(adapters.access("bed-1")).isEmpty();
    }

    @Test
    void itsMetaIsDeclaredBeforeItSpeaks() {
        assertThat(adapters.declared()).singleElement().satisfies(event -> {
            ObjectNode meta = ((DeviceEvent.Described) event).meta();
            assertThat(meta.path("type").asText()).isEqualTo("tasmota");
            assertThat(meta.path("attributes").path("power").path("type").asText()).isEqualTo("boolean");
            assertThat(meta.path("origin").toString()).isEqualTo("{\"protocol\":\"tasmota\",\"login\":\"plug-1\",\"name\":\"tasmota_ABC123\"}");
        });
        assertThat(adapters.origin("plug-1")).contains(new NativeOrigin(Protocol.TASMOTA, "plug-1", TOPIC));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "stat/tasmota_ABC123/POWER  | ON     | {\"power\":true}",
            "stat/tasmota_ABC123/POWER  | OFF    | {\"power\":false}",
            "stat/tasmota_ABC123/POWER  | 1      | {\"power\":true}",
            "stat/tasmota_ABC123/POWER  | 'true' | {\"power\":true}",
            "stat/tasmota_ABC123/POWER  | off    | {\"power\":false}",
            "stat/tasmota_ABC123/POWER2 | ON     | {\"power2\":true}",
            "stat/tasmota_ABC123/RESULT | '{\"POWER\":\"ON\"}' | {\"power\":true}",
            "stat/tasmota_ABC123/RESULT | '{\"POWER1\":\"OFF\",\"Dimmer\":40}' | {\"power1\":false,\"brightness\":40}",
            "stat/tasmota_ABC123/RESULT | '{\"POWER\":\"ON\",\"Dimmer\":100,\"Color\":\"FF8800\",\"CT\":\"300\"}' | {\"power\":true,\"brightness\":100,\"color\":\"FF8800\",\"color_temp\":300}",
            "stat/tasmota_ABC123/RESULT | '{\"Shutter1\":{\"Position\":40,\"Direction\":-1,\"Target\":0,\"Tilt\":0}}' | {\"shutter1_position\":40,\"shutter1_direction\":-1,\"shutter1_target\":0,\"shutter1_tilt\":0}",
            "tele/tasmota_ABC123/SENSOR | '{\"Time\":\"2026-12-02T06:00:00\",\"Shutter2\":{\"Position\":100,\"Direction\":0,\"Target\":100}}' | {\"shutter2_position\":100,\"shutter2_direction\":0,\"shutter2_target\":100}",
            "tele/tasmota_ABC123/STATE  | '{\"Time\":\"2026-12-02T06:00:00\",\"Uptime\":\"0T01:00:00\",\"POWER\":\"ON\",\"Wifi\":{\"RSSI\":80,\"Signal\":-60}}' | {\"power\":true}",
    })
    void aPowerReportBecomesState(String topic, String payload, String state) {
        Reading reading = take(topic, payload);
        assertThat(reading).isInstanceOf(Reading.Events.class);
        assertThat(((Reading.Events) reading).events()).filteredOn(DeviceEvent.Reported.class::isInstance)
                .singleElement().satisfies(event -> assertThat(((DeviceEvent.Reported) event).state().toString()).isEqualTo(state));
    }

    @Test
    void theWifiSignalIsTelemetryThroughItsExpression() {
        List<DeviceEvent> events = events("tele/tasmota_ABC123/STATE", "{\"POWER\":\"ON\",\"Wifi\":{\"RSSI\":80,\"Signal\":-60}}");
        assertThat(events).filteredOn(DeviceEvent.Measured.class::isInstance).singleElement()
                .satisfies(event -> assertThat(((DeviceEvent.Measured) event).measurements().toString()).isEqualTo("{\"wifi_signal\":-60}"));
    }

    @Test
    void anOlderFirmwareWithoutTheSignalLeavesItOut() {
        List<DeviceEvent> events = events("tele/tasmota_ABC123/STATE", "{\"POWER\":\"OFF\",\"Wifi\":{\"RSSI\":80}}");
        assertThat(events).noneMatch(DeviceEvent.Measured.class::isInstance);
        assertThat(events).filteredOn(DeviceEvent.Reported.class::isInstance).hasSize(1);
    }

    @Test
    void aSensorReportIsFlattenedTelemetryAndItsAttributesJoinTheMeta() {
        List<DeviceEvent> events = events("tele/tasmota_ABC123/SENSOR", """
                {"Time":"2026-12-02T06:00:00","ENERGY":{"TotalStartTime":"2026-01-01T00:00:00","Total":1.25,"Power":"12","Voltage":231},
                 "AM2301":{"Temperature":21.5,"Humidity":"45.0"},"TempUnit":"C"}""");
        assertThat(events).filteredOn(DeviceEvent.Measured.class::isInstance).singleElement()
                .satisfies(event -> assertThat(((DeviceEvent.Measured) event).measurements().toString()).isEqualTo(
                        "{\"energy_total\":1.25,\"energy_power\":12,\"energy_voltage\":231,\"am2301_temperature\":21.5,\"am2301_humidity\":45.0}"));
        assertThat(events.get(0)).isInstanceOfSatisfying(DeviceEvent.Described.class, described ->
                assertThat(described.meta().path("attributes").path("energy_power").path("type").asText()).isEqualTo("number"));
        assertThat(events("tele/tasmota_ABC123/SENSOR", "{\"ENERGY\":{\"Power\":13}}"))
                .as("known now: no new meta").noneMatch(DeviceEvent.Described.class::isInstance);
    }

    @Test
    void theLastWillIsAvailability() {
        assertThat(events("tele/tasmota_ABC123/LWT", "Offline")).containsExactly(new DeviceEvent.Availability("plug-1", false));
        assertThat(events("tele/tasmota_ABC123/LWT", "Online")).containsExactly(new DeviceEvent.Availability("plug-1", true));
    }

    @Test
    void otherTasmotaTopicsAreTakenWithNothingToMap() {
        assertThat(events("tele/tasmota_ABC123/INFO1", "{\"Module\":\"Sonoff Basic\"}")).isEmpty();
        assertThat(events("stat/tasmota_ABC123/STATUS5", "{\"StatusNET\":{}}")).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "stat/tasmota_ABC123/POWER  | maybe | invalid_value | 'stat/tasmota_ABC123/POWER: expected switch (on/1/true or off/0/false), got \"maybe\"'",
            "tele/tasmota_ABC123/STATE  | '{\"POWER\":\"DIM\"}' | invalid_value | 'tele/tasmota_ABC123/STATE: field POWER: expected switch'",
            "tele/tasmota_ABC123/SENSOR | '{\"ENERGY\":{\"Power\":}}' | not_json | 'tele/tasmota_ABC123/SENSOR: not valid JSON: '",
            "tele/tasmota_ABC123/LWT    | gone  | invalid_status | 'tele/tasmota_ABC123/LWT: expected online or offline, got ''gone'''",
            "tele/tasmota_ABC123/STATE  | ON    | not_json | 'tele/tasmota_ABC123/STATE: not valid JSON'",
    })
    void aMalformedMessageIsRefusedNamingTopicAndField(String topic, String payload, String reason, String message) {
        Reading reading = take(topic, payload);
        assertThat(reading).isInstanceOfSatisfying(Reading.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(reason);
            assertThat(refused.message()).startsWith(message);
        });
    }

    @Test
    void brokenJsonSaysAtWhichFieldItBroke() {
        Reading reading = take("tele/tasmota_ABC123/SENSOR", "{\"Time\":\"x\",\"ENERGY\":{\"Total\":1,\"Power\":}}");
        assertThat(((Reading.Refused) reading).message()).endsWith("(at field ENERGY.Power)");
    }

    @Test
    void topicsOfOtherDevicesAreOutsideAndDiscoveryIsSwallowed() {
        assertThat(take("tele/tasmota_OTHER/STATE", "{}")).isInstanceOf(Reading.Outside.class);
        assertThat(take("devices/plug-1/state", "{}")).isInstanceOf(Reading.Outside.class);
        assertThat(take("cmnd/tasmota_ABC123/POWER", "ON")).as("a plug does not command itself").isInstanceOf(Reading.Outside.class);
        assertThat(take("tasmota/discovery/A4CF12345678/config", "")).as("a retained config cleared")
                .isEqualTo(new Reading.Swallowed(List.of()));
        assertThat(take("tasmota/discovery/A4CF12345678/other", "{}")).isEqualTo(new Reading.Swallowed(List.of()));
    }

    /** As Tasmota 14 sends it (tasmota/discovery/<MAC>/config, retained), for a two-relay Sonoff Dual. */
    public static String discoveryConfig(String topic, String relays) {
        return "{\"ip\":\"192.168.1.50\",\"dn\":\"Desk\",\"fn\":[\"Lamp\",\"Fan\",null,null,null,null,null,null],"
                + "\"hn\":\"desk-4177\",\"mac\":\"A4CF12ABC123\",\"md\":\"Sonoff Dual R2\",\"ty\":0,\"if\":0,"
                + "\"ofln\":\"Offline\",\"onln\":\"Online\",\"state\":[\"OFF\",\"ON\",\"TOGGLE\",\"HOLD\"],\"sw\":\"14.3.0\","
                + "\"t\":\"" + topic + "\",\"ft\":\"%prefix%/%topic%/\",\"tp\":[\"cmnd\",\"stat\",\"tele\"],\"rl\":" + relays + ","
                + "\"swc\":[-1,-1,-1,-1,-1,-1,-1,-1],\"btn\":[0,0,0,0,0,0,0,0],\"so\":{\"4\":0,\"30\":0},\"lk\":0,\"ver\":1}";
    }

    @Test
    void itsOwnDiscoveryConfigSaysItsRelaysModelFirmwareAndNames() {
        Reading reading = take("tasmota/discovery/A4CF12ABC123/config", discoveryConfig(TOPIC, "[1,1,0,0,0,0,0,0]"));
        assertThat(reading).isInstanceOf(Reading.Swallowed.class);
        assertThat(((Reading.Swallowed) reading).events()).singleElement().satisfies(event -> {
            ObjectNode meta = ((DeviceEvent.Described) event).meta();
            assertThat(meta.path("attributes").fieldNames()).toIterable().containsExactly("power1", "power2");
            assertThat(meta.path("attributes").path("power1").toString())
                    .isEqualTo("{\"type\":\"boolean\",\"settable\":true,\"name\":\"Lamp\"}");
            assertThat(meta.path("attributes").path("power2").path("name").asText()).isEqualTo("Fan");
            assertThat(meta.path("model").asText()).isEqualTo("Sonoff Dual R2");
            assertThat(meta.path("firmware").asText()).isEqualTo("14.3.0");
            assertThat(meta.path("name").asText()).isEqualTo("Desk");
            assertThat(meta.path("origin").path("address").asText()).isEqualTo("A4CF12ABC123");
            assertThat(meta.path("commands").toString()).contains("turn_on");
        });
        assertThat(take("tasmota/discovery/A4CF12ABC123/config", discoveryConfig(TOPIC, "[1,1,0,0,0,0,0,0]")))
                .as("said again at its next connection: nothing new").isEqualTo(new Reading.Swallowed(List.of()));
        Reading single = take("tasmota/discovery/A4CF12ABC123/config", discoveryConfig(TOPIC, "[1,0,0,0,0,0,0,0]"));
        assertThat(((DeviceEvent.Described) ((Reading.Swallowed) single).events().get(0)).meta().path("attributes")
                .fieldNames()).toIterable().as("one relay reports POWER").containsExactly("power");
    }

    @Test
    void itsSensorsDiscoveryIsReadAsItsSensorMessage() {
        take("tasmota/discovery/A4CF12ABC123/config", discoveryConfig(TOPIC, "[1,0,0,0,0,0,0,0]"));
        Reading reading = take("tasmota/discovery/A4CF12ABC123/sensors",
                "{\"sn\":{\"Time\":\"2026-12-02T06:00:00\",\"ENERGY\":{\"Power\":42,\"Voltage\":230.1}},\"ver\":1}");
        assertThat(((Reading.Swallowed) reading).events()).filteredOn(DeviceEvent.Measured.class::isInstance).singleElement()
                .satisfies(event -> assertThat(((DeviceEvent.Measured) event).measurements().toString())
                        .isEqualTo("{\"energy_power\":42,\"energy_voltage\":230.1}"));
        Reading other = take("tasmota/discovery/FFFFFFFFFFFF/sensors", "{\"sn\":{\"ENERGY\":{\"Power\":1}}}");
        assertThat(((Reading.Refused) other).reason()).isEqualTo("unknown_device");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "another topic   | tasmota/discovery/A4CF12ABC123/config | TOPIC_OTHER | 1,0 | unknown_device | names Tasmota topic 'tasmota_OTHER', which is not plug-1's",
            "no topic        | tasmota/discovery/A4CF12ABC123/config | NONE        | 1,0 | invalid_value  | has no \"t\"",
            "mac mismatch    | tasmota/discovery/000000000000/config | OWN         | 1,0 | invalid_value  | says mac A4CF12ABC123, and its topic 000000000000",
            "relays no array | tasmota/discovery/A4CF12ABC123/config | OWN         | x   | invalid_value  | \"rl\" (its relays) is no array",
    })
    void aDiscoveryConfigThatIsNotItsOwnOrNotReadableIsRefused(String name, String topic, String whose, String relays,
                                                                String reason, String message) {
        String config = discoveryConfig(whose.equals("TOPIC_OTHER") ? "tasmota_OTHER" : TOPIC,
                relays.equals("x") ? "\"many\"" : "[" + relays + "]");
        if (whose.equals("NONE")) {
            config = config.replace("\"t\":\"" + TOPIC + "\",", "");
        }
        Reading reading = take(topic, config);
        assertThat(reading).isInstanceOf(Reading.Refused.class);
        assertThat(((Reading.Refused) reading).reason()).isEqualTo(reason);
        assertThat(((Reading.Refused) reading).message()).startsWith(topic).contains(message);
    }

    @Test
    void aFullTopicOtherThanTasmotasDefaultIsRefusedWithWhatToSet() {
        Reading reading = take("tasmota/discovery/A4CF12ABC123/config",
                discoveryConfig(TOPIC, "[1]").replace("%prefix%/%topic%/", "%topic%/%prefix%/"));
        assertThat(((Reading.Refused) reading).message()).contains("set FullTopic %prefix%/%topic%/");
    }

    @Test
    void aButtonPressIsAnEventBetweenTwoIdles() {
        List<DeviceEvent> events = events("stat/tasmota_ABC123/RESULT", "{\"Button1\":{\"Action\":\"SINGLE\"}}");
        assertThat(events).filteredOn(DeviceEvent.Reported.class::isInstance)
                .extracting(event -> ((DeviceEvent.Reported) event).state().toString())
                .containsExactly("{\"button1\":\"idle\"}", "{\"button1\":\"single\"}", "{\"button1\":\"idle\"}");
        assertThat(events.get(0)).isInstanceOfSatisfying(DeviceEvent.Described.class, described ->
                assertThat(described.meta().path("attributes").path("button1").path("type").asText()).isEqualTo("string"));
        assertThat(events("stat/tasmota_ABC123/RESULT", "{\"Switch2\":{\"Action\":\"HOLD\"}}"))
                .filteredOn(DeviceEvent.Reported.class::isInstance).element(1)
                .satisfies(event -> assertThat(((DeviceEvent.Reported) event).state().toString()).isEqualTo("{\"switch2\":\"hold\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'{\"Button1\":{\"Action\":5}}'         | 'stat/tasmota_ABC123/RESULT: field Button1: an event is a word'",
            "'{\"Button1\":{\"Action\":\"IDLE\"}}'   | 'stat/tasmota_ABC123/RESULT: field Button1: an event is a word'",
            "'{\"Button1\":\"SINGLE\"}'              | 'stat/tasmota_ABC123/RESULT: field Button1: '",
            "'{\"Dimmer\":\"bright\"}'               | 'stat/tasmota_ABC123/RESULT: field Dimmer: expected a number'",
            "'{\"Shutter1\":{\"Position\":\"up\"}}'  | 'stat/tasmota_ABC123/RESULT: field Shutter1.Position: expected a number'",
    })
    void aLightShutterOrButtonValueItCannotReadIsRefused(String payload, String message) {
        assertThat(take("stat/tasmota_ABC123/RESULT", payload)).isInstanceOfSatisfying(Reading.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo("invalid_value");
            assertThat(refused.message()).startsWith(message);
        });
    }

    @Test
    void itsDiscoveryAddsALightsShuttersAndButtonsAttributesAndCommands() {
        String config = discoveryConfig(TOPIC, "[2,3,3,0,0,0,0,0]").replace("\"btn\":[0,0,0,0,0,0,0,0]", "\"btn\":[1,0,1,0,0,0,0,0]");
        Reading reading = take("tasmota/discovery/A4CF12ABC123/config", config);
        ObjectNode meta = ((DeviceEvent.Described) ((Reading.Swallowed) reading).events().get(0)).meta();
        assertThat(meta.path("attributes").fieldNames()).toIterable().containsExactlyInAnyOrder("power1", "power2", "power3",
                "brightness", "color_temp", "color", "shutter1_position", "shutter1_direction", "shutter1_target",
                "button1", "button3");
        assertThat(meta.path("attributes").path("brightness").toString()).isEqualTo("{\"type\":\"integer\",\"unit\":\"%\",\"settable\":true}");
        assertThat(meta.path("commands").findValuesAsText("name")).containsExactly("turn_on", "turn_off", "toggle",
                "set_brightness", "set_color_temp", "set_color", "open", "close", "stop", "set_position");
        assertThat(meta.path("commands").get(9).path("args").path("position").path("unit").asText()).isEqualTo("%");

        Reading plain = take("tasmota/discovery/A4CF12ABC123/config", discoveryConfig(TOPIC, "[1,0,0,0,0,0,0,0]"));
        ObjectNode plug = ((DeviceEvent.Described) ((Reading.Swallowed) plain).events().get(0)).meta();
        assertThat(plug.path("attributes").fieldNames()).toIterable().as("a plug again: the kinds it lost go").containsExactly("power");
        assertThat(plug.path("commands").findValuesAsText("name")).containsExactly("turn_on", "turn_off", "toggle");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "set_brightness | '{\"brightness\":50}'                 | cmnd/tasmota_ABC123/Dimmer           | 50",
            "set_color_temp | '{\"color_temp\":300}'                | cmnd/tasmota_ABC123/CT               | 300",
            "set_color      | '{\"color\":\"FF8800\"}'              | cmnd/tasmota_ABC123/Color            | FF8800",
            "open           | {}                                     | cmnd/tasmota_ABC123/ShutterOpen1     | ''",
            "close          | '{\"shutter\":2}'                     | cmnd/tasmota_ABC123/ShutterClose2    | ''",
            "stop           | {}                                     | cmnd/tasmota_ABC123/ShutterStop1     | ''",
            "set_position   | '{\"position\":50}'                   | cmnd/tasmota_ABC123/ShutterPosition1 | 50",
    })
    void aLightsAndAShuttersCommandsAreNativePublishes(String command, String args, String topic, String payload) throws Exception {
        take("tasmota/discovery/A4CF12ABC123/config", discoveryConfig(TOPIC, "[2,3,3,0,0,0,0,0]"));
        NativePublish publish = adapters.command(request(command, args), new byte[] {1}).orElseThrow();
        assertThat(publish.topic()).isEqualTo(topic);
        assertThat(new String(publish.payload(), StandardCharsets.UTF_8)).isEqualTo(payload);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "set_brightness | {}                              | set_brightness needs argument 'brightness'",
            "set_brightness | '{\"brightness\":\"50;Power OFF\"}' | argument 'brightness' of set_brightness goes into the payload",
            "set_brightness | '{\"brightness\":\"bright\"}'     | argument 'brightness' of set_brightness is an integer, got \"bright\"",
            "set_position   | '{\"position\":50.5}'            | argument 'position' of set_position is an integer, got 50.5",
            "set_position   | '{\"position\":true}'            | argument 'position' of set_position is an integer, got true",
    })
    void aLightOrShutterCommandWithABadArgumentIsRefused(String command, String args, String message) {
        take("tasmota/discovery/A4CF12ABC123/config", discoveryConfig(TOPIC, "[2,3,3,0,0,0,0,0]"));
        assertThatThrownBy(() -> adapters.command(request(command, args), new byte[] {1}))
                .isInstanceOf(CommandRefused.class).hasMessageStartingWith(message);
    }

    @Test
    void aShuttersCommandIsConfirmedByItsNextReport() throws Exception {
        take("tasmota/discovery/A4CF12ABC123/config", discoveryConfig(TOPIC, "[3,3,0,0,0,0,0,0]"));
        adapters.command(request("set_position", "{\"position\":30}"), new byte[] {9});
        List<DeviceEvent> events = events("stat/tasmota_ABC123/RESULT", "{\"Shutter1\":{\"Position\":100,\"Direction\":-1,\"Target\":30}}");
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(DeviceEvent.Confirmed.class, confirmed ->
                assertThat(confirmed.correlation()).containsExactly(9));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "turn_on  | {}             | cmnd/tasmota_ABC123/POWER  | ON",
            "turn_off | {}             | cmnd/tasmota_ABC123/POWER  | OFF",
            "toggle   | {}             | cmnd/tasmota_ABC123/POWER  | TOGGLE",
            "turn_on  | '{\"relay\":2}' | cmnd/tasmota_ABC123/POWER2 | ON",
    })
    void aCommandIsANativePublish(String command, String args, String topic, String payload) throws Exception {
        NativePublish publish = adapters.command(request(command, args), new byte[] {1}).orElseThrow();
        assertThat(publish.topic()).isEqualTo(topic);
        assertThat(new String(publish.payload(), StandardCharsets.UTF_8)).isEqualTo(payload);
    }

    @Test
    void aCommandIsConfirmedByTheNextPowerReport() throws Exception {
        adapters.command(request("turn_on", "{}"), new byte[] {7});
        assertThat(events("tele/tasmota_ABC123/SENSOR", "{\"ENERGY\":{\"Power\":1}}"))
                .noneMatch(DeviceEvent.Confirmed.class::isInstance);
        List<DeviceEvent> events = events("stat/tasmota_ABC123/RESULT", "{\"POWER\":\"ON\"}");
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(DeviceEvent.Confirmed.class, confirmed -> {
            assertThat(confirmed.correlation()).containsExactly(7);
            assertThat(confirmed.result().toString()).isEqualTo("{\"power\":true}");
        });
        assertThat(events("stat/tasmota_ABC123/POWER", "ON")).as("confirmed once").noneMatch(DeviceEvent.Confirmed.class::isInstance);
        assertThat(adapters.waitingConfirmations()).isZero();
    }

    @Test
    void aCommandItDoesNotHaveOrAnArgumentThatWouldBeATopicLevelIsRefused() {
        assertThatThrownBy(() -> adapters.command(request("brew", "{}"), new byte[] {1}))
                .isInstanceOf(CommandRefused.class)
                .hasMessage("plug-1 (tasmota) has no command 'brew'; it has [turn_on, turn_off, toggle]");
        assertThatThrownBy(() -> adapters.command(request("turn_on", "{\"relay\":\"1/#\"}"), new byte[] {1}))
                .isInstanceOf(CommandRefused.class).hasMessageContaining("goes into the topic");
    }

    @Test
    void aHearthDeviceIsNoAdaptersBusiness() throws Exception {
        assertThat(adapters.command(new CommandRequest("bed-1", "brew", WireJson.mapper().createObjectNode(),
                Duration.ofSeconds(1), "api"), new byte[] {1})).isEmpty();
        assertThat(adapters.speaksFor("bed-1")).isFalse();
        assertThat(adapters.listenerOf("plug-1")).isEqualTo("plug-1");
    }

    private CommandRequest request(String command, String args) throws Exception {
        return new CommandRequest("plug-1", command, (ObjectNode) WireJson.mapper().readTree(args), Duration.ofSeconds(5), "test");
    }

    private Reading take(String topic, String payload) {
        return adapters.take("plug-1", topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private List<DeviceEvent> events(String topic, String payload) {
        Reading reading = take(topic, payload);
        assertThat(reading).as(topic + " " + payload).isInstanceOf(Reading.Events.class);
        return ((Reading.Events) reading).events();
    }
}
