package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.security.PasswordHasher;
import dev.hearth.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Shelly Gen2 devices as their firmware behaves, logging in to Hearth's broker with their own
 * credentials: a Plus 1PM on MQTT 3.1.1 (as the firmware speaks) and a Plus 2PM on MQTT 5, each with its
 * last will {@code <prefix>/online false} (retained), its status on {@code <prefix>/status/switch:N} and
 * its deltas as NotifyStatus on {@code <prefix>/events/rpc}. A rule fires when the 1PM's output turns on
 * and switches the 2PM's second channel with a JSON-RPC request on {@code <prefix>/rpc}; the fake firmware
 * answers on {@code <src>/rpc}, and that answer (a result, or an error) is the command's outcome in the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShellyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String HALL = "hall-light";
    static final String HALL_PREFIX = "shellyplus1pm-a8032ab12345";
    static final String KITCHEN = "kitchen-2pm";
    static final String KITCHEN_PREFIX = "shellyplus2pm-b8d61a85ed58";
    static final String PASSWORD = "shelly-secret";
    private static final String RULES = """
            rules:
              - id: hall-lights-the-kitchen
                when:
                  - state: hall-light.switch0
                    to: true
                then:
                  - command: kitchen-2pm.turn_on
                    args: { channel: 1 }
                    timeout: 5s
              - id: hall-button-half-closes-the-kitchen-blind
                when:
                  - state: hall-light.input0_event
                    to: single_push
                then:
                  - command: kitchen-2pm.set_position
                    args: { position: 50 }
                    timeout: 5s
            """;

    private HubFixture hub;

    @BeforeAll
    void startHub(@TempDir Path folder) throws Exception {
        String hash = PasswordHasher.hash(PASSWORD);
        hub = HubFixture.startWithDevices(folder, RULES, """
                  - id: %s
                    protocol: shelly
                    topic: %s
                    password-hash: "%s"
                  - id: %s
                    protocol: shelly
                    topic: %s
                    password-hash: "%s"
                """.formatted(HALL, HALL_PREFIX, hash, KITCHEN, KITCHEN_PREFIX, hash));
    }

    @AfterAll
    void stopHub() {
        hub.close();
    }

    /** A topic and payload the fake firmware publishes. */
    record Out(String topic, String payload) {
    }

    /**
     * What a Shelly does with a request on its {@code <prefix>/rpc}: Switch.Set or Switch.Toggle on an existing
     * channel switches it, answers {@code {"id","src","dst","result":{"was_on"}}} on {@code <src>/rpc} and
     * notifies the change; a channel it does not have is answered with an error, as the firmware does.
     */
    static final class Firmware {
        final String prefix;
        final int channels;
        final Map<Integer, Boolean> outputs = new ConcurrentHashMap<>();
        final List<String> requests = new CopyOnWriteArrayList<>();

        Firmware(String prefix, int channels) {
            this.prefix = prefix;
            this.channels = channels;
        }

        List<Out> handle(String topic, String payload) throws Exception {
            if (!topic.equals(prefix + "/rpc")) {
                return List.of();
            }
            requests.add(payload);
            JsonNode request = JSON.readTree(payload);
            ObjectNode answer = JSON.createObjectNode().put("src", prefix).put("dst", request.path("src").asText());
            answer.set("id", request.path("id"));
            JsonNode channel = request.path("params").path("id");
            String replyTopic = request.path("src").asText() + "/rpc";
            if (request.path("method").asText().equals("Cover.GoToPosition")) { // in cover mode: answers null, then moves
                answer.putNull("result");
                return List.of(new Out(replyTopic, answer.toString()), new Out(prefix + "/status/cover:0",
                        "{\"id\":0,\"state\":\"closing\",\"current_pos\":100,\"target_pos\":"
                                + request.path("params").path("pos") + "}"));
            }
            if (!channel.isInt() || channel.intValue() < 0 || channel.intValue() >= channels) {
                answer.putObject("error").put("code", -105).put("message", "Argument 'id', value " + channel + " not found!");
                return List.of(new Out(replyTopic, answer.toString()));
            }
            int id = channel.intValue();
            boolean was = outputs.getOrDefault(id, false);
            boolean now = request.path("method").asText().equals("Switch.Toggle") ? !was : request.path("params").path("on").asBoolean();
            outputs.put(id, now);
            answer.putObject("result").put("was_on", was);
            return List.of(new Out(replyTopic, answer.toString()), new Out(prefix + "/events/rpc", notifyStatus(id, now)));
        }

        String notifyStatus(int id, boolean output) {
            return "{\"src\":\"" + prefix + "\",\"dst\":\"" + prefix + "/events\",\"method\":\"NotifyStatus\",\"params\":"
                    + "{\"ts\":1764655200.12,\"switch:" + id + "\":{\"id\":" + id + ",\"output\":" + output + ",\"source\":\"MQTT\"}}}";
        }
    }

    /** The Plus 1PM on MQTT 3.1.1: client id its device id, last will, online, subscribed to its RPC topic. */
    private NativeClient hall(Firmware firmware) throws Exception {
        NativeClient shelly = NativeClient.connect(hub.brokerUri(), HALL_PREFIX, HALL, PASSWORD, HALL_PREFIX + "/online", "false");
        shelly.onMessage((topic, payload) -> {
            try {
                firmware.handle(topic, payload).forEach(out -> shelly.publishLater(out.topic(), out.payload()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        shelly.subscribe(HALL_PREFIX + "/rpc");
        shelly.publish(HALL_PREFIX + "/online", "true", true);
        return shelly;
    }

    /** The Plus 2PM on MQTT 5, alike. */
    private MqttAsyncClient kitchen(Firmware firmware) throws Exception {
        MqttAsyncClient shelly = new MqttAsyncClient(hub.brokerUri(), KITCHEN_PREFIX, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(5);
        options.setUserName(KITCHEN);
        options.setPassword(PASSWORD.getBytes(StandardCharsets.UTF_8));
        MqttMessage will = new MqttMessage("false".getBytes(StandardCharsets.UTF_8), 1, true, null);
        options.setWill(KITCHEN_PREFIX + "/online", will);
        RawMqtt.onMessage(shelly, (topic, message) -> {
            for (Out out : firmware.handle(topic, new String(message.getPayload(), StandardCharsets.UTF_8))) {
                shelly.publish(out.topic(), out.payload().getBytes(StandardCharsets.UTF_8), 1, false);
            }
        });
        shelly.connect(options).waitForCompletion(10_000);
        shelly.subscribe(KITCHEN_PREFIX + "/rpc", 1).waitForCompletion(10_000);
        shelly.publish(KITCHEN_PREFIX + "/online", "true".getBytes(StandardCharsets.UTF_8), 1, true).waitForCompletion(10_000);
        return shelly;
    }

    @Test
    void aRuleOnTheOnePmSwitchesTheTwoPmsSecondChannelAndItsReplyIsTheResult() throws Exception {
        Firmware hallFirmware = new Firmware(HALL_PREFIX, 1);
        Firmware kitchenFirmware = new Firmware(KITCHEN_PREFIX, 2);
        MqttAsyncClient kitchen = kitchen(kitchenFirmware);
        try (NativeClient hall = hall(hallFirmware)) {
            hall.publish(HALL_PREFIX + "/status/switch:0", "{\"id\":0,\"source\":\"init\",\"output\":false,\"apower\":0.0,"
                    + "\"voltage\":237.5,\"current\":0.0,\"aenergy\":{\"total\":6.532,\"by_minute\":[0,0,0],\"minute_ts\":1764655200},"
                    + "\"temperature\":{\"tC\":41.2,\"tF\":106.2}}", true);
            kitchen.publish(KITCHEN_PREFIX + "/events/rpc", ("{\"src\":\"" + KITCHEN_PREFIX + "\",\"method\":\"NotifyFullStatus\","
                    + "\"params\":{\"ts\":1.5,\"sys\":{\"uptime\":2},\"switch:0\":{\"id\":0,\"output\":false},"
                    + "\"switch:1\":{\"id\":1,\"output\":false}}}").getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> device(HALL).path("state").has("switch0")
                    && device(KITCHEN).path("state").has("switch1"));
            assertThat(device(HALL).path("protocol").asText()).isEqualTo("shelly");
            assertThat(device(HALL).path("availability").asText()).isEqualTo("online");
            assertThat(device(KITCHEN).path("meta").path("attributes").has("switch1")).as("learnt from its full status").isTrue();

            // someone presses the hall's button: the firmware notifies the change
            hall.publish(HALL_PREFIX + "/events/rpc", hallFirmware.notifyStatus(0, true));
            await().atMost(Duration.ofSeconds(5)).until(() -> device(KITCHEN).path("state").path("switch1").asBoolean(false));
            assertThat(device(KITCHEN).path("state").path("switch0").asBoolean(true)).as("the other channel untouched").isFalse();
            assertThat(kitchenFirmware.requests).singleElement().satisfies(request -> {
                JsonNode frame = JSON.readTree(request);
                assertThat(frame.path("src").asText()).isEqualTo(KITCHEN_PREFIX + "/hearth");
                assertThat(frame.path("method").asText()).isEqualTo("Switch.Set");
                assertThat(frame.path("params").toString()).isEqualTo("{\"id\":1,\"on\":true}");
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/devices/" + KITCHEN + "/commands").size() >= 1);
            JsonNode command = hub.getJson("/api/devices/" + KITCHEN + "/commands").get(0);
            assertThat(command.path("command").asText()).isEqualTo("turn_on");
            assertThat(command.path("outcome").asText()).isEqualTo("ok");
            assertThat(command.path("result").toString()).isEqualTo("{\"was_on\":false}");
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    hub.getJson("/api/devices/" + HALL + "/history?attribute=energy0").path("points").size() == 1);
        } finally {
            RawMqtt.closeQuietly(kitchen);
        }
        // a retained request would switch the device again each time it reconnects: the broker holds none
        Firmware again = new Firmware(KITCHEN_PREFIX, 2);
        MqttAsyncClient reconnected = kitchen(again);
        try {
            Thread.sleep(500); // retained messages arrive with the SUBACK; give them time to show
            assertThat(again.requests).isEmpty();
        } finally {
            RawMqtt.closeQuietly(reconnected);
        }
    }

    /**
     * A button on the hall's input (input type button): each press is NotifyEvent single_push, the same event each
     * time; each fires the rule, which sends the kitchen's cover (a 2PM in cover mode) to 50 %.
     */
    @Test
    void eachPressOfAButtonFiresItsRuleTheSamePressTwiceInARowTooAndMovesACover() throws Exception {
        Firmware hallFirmware = new Firmware(HALL_PREFIX, 1);
        Firmware kitchenFirmware = new Firmware(KITCHEN_PREFIX, 2);
        MqttAsyncClient kitchen = kitchen(kitchenFirmware);
        try (NativeClient hall = hall(hallFirmware)) {
            String push = "{\"src\":\"" + HALL_PREFIX + "\",\"dst\":\"" + HALL_PREFIX + "/events\",\"method\":\"NotifyEvent\","
                    + "\"params\":{\"ts\":1764655201.5,\"events\":[{\"component\":\"input:0\",\"id\":0,\"event\":\"single_push\","
                    + "\"ts\":1764655201.5}]}}";
            hall.publish(HALL_PREFIX + "/events/rpc", push); // the hub learns input0_event, and the rule loads
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    hub.get("/api/rules/hall-button-half-closes-the-kitchen-blind").statusCode() == 200);
            for (int press = 1; press <= 2; press++) {
                int pressed = press;
                hall.publish(HALL_PREFIX + "/events/rpc", push);
                await().atMost(Duration.ofSeconds(5)).until(() -> kitchenFirmware.requests.size() == pressed);
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        hub.getJson("/api/rules/hall-button-half-closes-the-kitchen-blind/traces").size() == pressed);
            }
            assertThat(kitchenFirmware.requests).allSatisfy(request -> {
                JsonNode frame = JSON.readTree(request);
                assertThat(frame.path("method").asText()).isEqualTo("Cover.GoToPosition");
                assertThat(frame.path("params").toString()).isEqualTo("{\"id\":0,\"pos\":50}");
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> "closing".equals(device(KITCHEN).path("state").path("cover0").asText()));
            assertThat(device(KITCHEN).path("state").path("cover0_position").asInt()).isEqualTo(100);
            assertThat(device(HALL).path("state").path("input0_event").asText()).isEqualTo("idle");
            assertThat(hub.getJson("/api/devices/" + KITCHEN + "/commands").get(0).path("outcome").asText()).isEqualTo("ok");
        } finally {
            RawMqtt.closeQuietly(kitchen);
        }
    }

    @Test
    void anErrorReplyFailsTheCommandWithTheDevicesMessageAndAToggleOnMqtt311Succeeds() throws Exception {
        Firmware firmware = new Firmware(HALL_PREFIX, 1);
        try (NativeClient hall = hall(firmware)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> device(HALL).path("availability").asText().equals("online"));
            var failed = hub.send("POST", "/api/devices/" + HALL + "/commands/turn_on?timeout=5s", "{\"channel\":5}", hub.adminToken);
            JsonNode reply = HubFixture.json(failed);
            assertThat(reply.path("ok").asBoolean(true)).as(failed.body()).isFalse();
            assertThat(reply.path("error").asText()).isEqualTo("Argument 'id', value 5 not found! (error -105)");
            JsonNode command = hub.getJson("/api/devices/" + HALL + "/commands").get(0);
            assertThat(command.path("outcome").asText()).isEqualTo("error");

            var toggled = hub.send("POST", "/api/devices/" + HALL + "/commands/toggle?timeout=5s", "{}", hub.adminToken);
            assertThat(HubFixture.json(toggled).path("ok").asBoolean(false)).as(toggled.body()).isTrue();
            assertThat(HubFixture.json(toggled).path("result").toString()).isEqualTo("{\"was_on\":false}");
            await().atMost(Duration.ofSeconds(5)).until(() -> device(HALL).path("state").path("switch0").asBoolean(false));
        }
    }

    @Test
    void aReplyToNoWaitingRequestIsIgnoredAndCounted() throws Exception {
        double before = hub.metric("hearth_adapter_replies_unmatched_total");
        try (NativeClient hall = hall(new Firmware(HALL_PREFIX, 1))) {
            hall.publish(HALL_PREFIX + "/hearth/rpc", "{\"id\":1,\"src\":\"" + HALL_PREFIX + "\",\"result\":{\"was_on\":true}}");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.metric("hearth_adapter_replies_unmatched_total") == before + 1);
            assertThat(hall.isConnected()).isTrue();
        }
    }

    @Test
    void aPayloadThatIsNotJsonIsRefusedCountedAndTheDeviceStaysConnected() throws Exception {
        double before = hub.rejected("not_json");
        double invalid = hub.rejected("invalid_value");
        try (NativeClient hall = hall(new Firmware(HALL_PREFIX, 1))) {
            hall.publish(HALL_PREFIX + "/status/switch:0", "on");
            hall.publish(HALL_PREFIX + "/events/rpc", "{\"method\":\"NotifyStatus\",\"params\":{\"switch:0\":{\"output\":\"maybe\"}}}");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("not_json") == before + 1
                    && hub.rejected("invalid_value") == invalid + 1);
            assertThat(hall.isConnected()).as("a refused payload does not drop an MQTT 3.1.1 device").isTrue();
        }
        MqttAsyncClient kitchen = kitchen(new Firmware(KITCHEN_PREFIX, 2));
        try {
            assertThat(RawMqtt.publishForReason(kitchen, KITCHEN_PREFIX + "/events/rpc", "{\"params\":".getBytes(StandardCharsets.UTF_8)))
                    .as("MQTT 5: told why").isEqualTo(153);
            assertThat(kitchen.isConnected()).isTrue();
        } finally {
            RawMqtt.closeQuietly(kitchen);
        }
        assertThat(hub.rejected("not_json")).isEqualTo(before + 2);
    }

    @Test
    void goingOfflineKeepsTheLastState() throws Exception {
        NativeClient hall = hall(new Firmware(HALL_PREFIX, 1));
        hall.publish(HALL_PREFIX + "/status/switch:0", "{\"id\":0,\"output\":true,\"apower\":8.9}");
        await().atMost(Duration.ofSeconds(5)).until(() -> device(HALL).path("state").path("switch0").asBoolean(false)
                && device(HALL).path("availability").asText().equals("online"));
        hall.dropAbruptly(); // power cut: the broker publishes the retained last will, online false
        await().atMost(Duration.ofSeconds(10)).until(() -> device(HALL).path("availability").asText().equals("offline"));
        assertThat(device(HALL).path("state").path("switch0").asBoolean(false)).isTrue();
    }

    @Test
    void aShellyCredentialUsesOnlyItsOwnPrefix() throws Exception {
        MqttAsyncClient kitchen = kitchen(new Firmware(KITCHEN_PREFIX, 2));
        try {
            var token = kitchen.subscribe(HALL_PREFIX + "/rpc", 1);
            token.waitForCompletion(10_000);
            assertThat(token.getReasonCodes()).as("another Shelly's requests").containsExactly(135);
        } finally {
            RawMqtt.closeQuietly(kitchen);
        }
        double before = hub.rejected("topic_not_allowed");
        NativeClient hall = hall(new Firmware(HALL_PREFIX, 1));
        hall.publishRefused(KITCHEN_PREFIX + "/status/switch:0", "{\"id\":0,\"output\":true}", 5);
        hall(new Firmware(HALL_PREFIX, 1)).publishRefused(Topics.state("coffee-1"), "{\"status\":\"brewing\"}", 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("topic_not_allowed") == before + 2);
        assertThat(hub.getJson("/api/devices/coffee-1").path("state").has("status")).isFalse();
    }

    private JsonNode device(String id) {
        return hub.getJson("/api/devices/" + id);
    }
}
