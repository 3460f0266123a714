package dev.hearth.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.testing.BrokerExtension;
import dev.hearth.device.testing.TestHubClient;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HearthDeviceIT {
    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension(Map.of("locked-1", "right-password"));

    private static final DeviceMeta COFFEE_META = DeviceMeta.builder("coffee-machine")
            .attribute("status", AttributeType.STRING)
            .attribute("water_ml", AttributeType.INTEGER, "ml")
            .settableAttribute("strength", AttributeType.INTEGER)
            .command("brew", Map.of("cups", AttributeMeta.of(AttributeType.INTEGER)))
            .command("descale")
            .build();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private HearthDeviceBuilder device(String id) {
        return HearthDevice.builder().serverUri(BROKER.uri()).deviceId(id).password(id + "-example");
    }

    private HearthDevice connected(HearthDeviceBuilder builder) {
        HearthDevice device = builder.build();
        toClose.add(device);
        device.connect();
        return device;
    }

    private TestHubClient hub(String filter) {
        TestHubClient hub = TestHubClient.connect(BROKER.uri()).subscribe(filter);
        toClose.add(hub);
        return hub;
    }

    private static JsonNode json(String text) throws IOException {
        return WireJson.mapper().readTree(text);
    }

    @Test
    void connectPublishesOnlineAndMetaRetained() {
        HearthDevice device = connected(device("coffee-a").meta(COFFEE_META));
        assertThat(device.isConnected()).isTrue();

        TestHubClient late = hub(Topics.deviceFilter("coffee-a")); // subscribes afterwards: sees only retained messages

        await().untilAsserted(() -> {
            assertThat(late.on(Topics.status("coffee-a"))).singleElement()
                    .satisfies(m -> assertThat(m.payload()).isEqualTo("online"))
                    .satisfies(m -> assertThat(m.retained()).isTrue());
            assertThat(late.on(Topics.meta("coffee-a"))).singleElement()
                    .satisfies(m -> assertThat(m.retained()).isTrue())
                    .satisfies(m -> assertThat(DeviceMeta.parse(m.payload().getBytes())).isEqualTo(COFFEE_META));
        });
    }

    @Test
    void reportStateMergesPartialsAndPublishesTheWholeObjectRetained() throws Exception {
        TestHubClient hub = hub(Topics.state("bed-a"));
        HearthDevice device = connected(device("bed-a").initialState(Map.of("occupant", "asleep")));

        device.reportState(Map.of("heart_rate", 52));
        ObjectNode partial = WireJson.mapper().createObjectNode().put("occupant", "awake");
        device.reportState(partial);

        JsonNode expected = json("{\"occupant\":\"awake\",\"heart_rate\":52}");
        await().untilAsserted(() -> assertThat(hub.payloadsOn(Topics.state("bed-a")))
                .extracting(HearthDeviceIT::json)
                .containsExactly(json("{\"occupant\":\"asleep\"}"), json("{\"occupant\":\"asleep\",\"heart_rate\":52}"), expected));
        assertThat(device.state()).isEqualTo(expected);

        TestHubClient late = hub(Topics.state("bed-a"));
        await().untilAsserted(() -> assertThat(late.on(Topics.state("bed-a"))).singleElement()
                .satisfies(m -> assertThat(m.retained()).isTrue())
                .satisfies(m -> assertThat(json(m.payload())).isEqualTo(expected)));
    }

    @Test
    void stateIsACopy() {
        HearthDevice device = device("copy-a").initialState(Map.of("status", "idle")).build();
        toClose.add(device);
        device.state().put("status", "hacked");
        assertThat(device.state().get("status").asText()).isEqualTo("idle");
    }

    @Test
    void telemetryIsPublishedNotRetained() {
        TestHubClient hub = hub(Topics.telemetry("meter-a"));
        HearthDevice device = connected(device("meter-a"));

        assertThat(device.sendTelemetry(Map.of("watts", 1200))).isTrue();

        await().untilAsserted(() -> assertThat(hub.on(Topics.telemetry("meter-a"))).singleElement()
                .satisfies(m -> assertThat(json(m.payload())).isEqualTo(json("{\"watts\":1200}")))
                .satisfies(m -> assertThat(m.retained()).isFalse()));
    }

    @Test
    void commandGetsASuccessReplyWithTheCorrelationDataOffThePahoThread() {
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Command> commands = new CopyOnWriteArrayList<>();
        TestHubClient hub = hub(Topics.replies("coffee-b"));
        connected(device("coffee-b").onCommand("brew", command -> {
            threads.add(Thread.currentThread().getName());
            commands.add(command);
            return CommandReply.success(WireJson.mapper().createObjectNode().put("cups", command.args().path("cups").asInt()));
        }));

        hub.sendCommand("coffee-b", "brew", "{\"cups\":2}", "req-1");

        await().untilAsserted(() -> assertThat(hub.repliesTo("req-1")).singleElement()
                .satisfies(m -> assertThat(m.topic()).isEqualTo(Topics.replies("coffee-b")))
                .satisfies(m -> assertThat(json(m.payload())).isEqualTo(json("{\"ok\":true,\"result\":{\"cups\":2}}"))));
        assertThat(commands).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("brew");
            assertThat(c.args()).isEqualTo(json("{\"cups\":2}"));
        });
        assertThat(threads).singleElement().asString().startsWith("hearth-device-coffee-b-commands");
    }

    @Test
    void anEmptyPayloadMeansNoArguments() {
        List<Command> commands = new CopyOnWriteArrayList<>();
        TestHubClient hub = hub(Topics.replies("coffee-c"));
        connected(device("coffee-c").onCommand("brew", command -> {
            commands.add(command);
            return CommandReply.success(null);
        }));

        hub.sendCommand("coffee-c", "brew", "", "req-empty");

        await().untilAsserted(() -> assertThat(hub.repliesTo("req-empty")).singleElement()
                .satisfies(m -> assertThat(json(m.payload())).isEqualTo(json("{\"ok\":true}"))));
        assertThat(commands).singleElement().satisfies(c -> assertThat(c.args()).isEmpty());
    }

    @Test
    void unknownCommandsMalformedArgumentsAndFailingHandlersGetErrorRepliesAndTheDeviceKeepsWorking() {
        TestHubClient hub = hub(Topics.replies("coffee-d"));
        connected(device("coffee-d")
                .onCommand("brew", command -> CommandReply.success(null))
                .onCommand("descale", command -> {
                    throw new IllegalStateException("no descaler loaded");
                }));

        hub.sendCommand("coffee-d", "fly", "{}", "r-unknown");
        hub.sendCommand("coffee-d", "brew", "[1,2]", "r-array");
        hub.sendCommand("coffee-d", "brew", "{oops", "r-broken");
        hub.sendCommand("coffee-d", "descale", "{}", "r-throws");
        hub.sendCommand("coffee-d", "brew", "{}", "r-fine");

        await().untilAsserted(() -> {
            assertThat(reply(hub, "r-unknown")).isEqualTo(CommandReply.failure("unknown command 'fly'"));
            assertThat(reply(hub, "r-array"))
                    .isEqualTo(CommandReply.failure("malformed arguments for 'brew': expected a JSON object, got array"));
            assertThat(reply(hub, "r-broken").error()).startsWith("malformed arguments for 'brew': not valid JSON");
            assertThat(reply(hub, "r-throws")).isEqualTo(CommandReply.failure("no descaler loaded"));
            assertThat(reply(hub, "r-fine")).isEqualTo(CommandReply.success(null));
        });
    }

    @Test
    void aResponseTopicOutsideTheDevicesOwnTopicsFallsBackToItsRepliesTopic() {
        TestHubClient hub = hub("#");
        connected(device("coffee-e").onCommand("brew", command -> CommandReply.success(null)));

        MqttProperties props = new MqttProperties();
        props.setResponseTopic("elsewhere/replies");
        props.setCorrelationData("r-elsewhere".getBytes());
        hub.publish(Topics.command("coffee-e", "brew"), "{}", false, props);

        await().untilAsserted(() -> assertThat(hub.repliesTo("r-elsewhere")).singleElement()
                .satisfies(m -> assertThat(m.topic()).isEqualTo(Topics.replies("coffee-e"))));
    }

    @Test
    void closePublishesOfflineRetained() {
        HearthDevice device = connected(device("lamp-a"));

        device.close();
        device.close(); // idempotent

        assertThat(device.isConnected()).isFalse();
        TestHubClient late = hub(Topics.status("lamp-a"));
        await().untilAsserted(() -> assertThat(late.on(Topics.status("lamp-a"))).singleElement()
                .satisfies(m -> assertThat(m.payload()).isEqualTo("offline"))
                .satisfies(m -> assertThat(m.retained()).isTrue()));
    }

    @Test
    void connectionListenersHearConnectedAndClosed() {
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        HearthDevice device = connected(device("lamp-b").onConnectionEvent(events::add));
        device.close();

        await().untilAsserted(() -> assertThat(events).containsExactly(
                new ConnectionEvent.Connected("lamp-b", false), new ConnectionEvent.Closed("lamp-b")));
    }

    @Test
    void refusedCredentialsFailConnectWithAClearMessage() {
        HearthDevice device = HearthDevice.builder().serverUri(BROKER.uri()).deviceId("locked-1").password("wrong").build();
        toClose.add(device);

        assertThatThrownBy(device::connect)
                .isInstanceOf(HearthDeviceException.class)
                .hasMessage("connection refused: bad user name or password");
        assertThat(device.isConnected()).isFalse();

        HearthDevice right = connected(HearthDevice.builder().serverUri(BROKER.uri()).deviceId("locked-1").password("right-password"));
        assertThat(right.isConnected()).isTrue();
    }

    @Test
    void anUnreachableBrokerFailsConnectWithAClearMessage() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HearthDevice device = HearthDevice.builder().serverUri("tcp://127.0.0.1:" + closedPort).deviceId("lost-1")
                .connectTimeout(Duration.ofSeconds(2)).build();
        toClose.add(device);

        assertThatThrownBy(device::connect)
                .isInstanceOf(HearthDeviceException.class)
                .hasMessageStartingWith("cannot reach the broker at tcp://127.0.0.1:" + closedPort);
    }

    @Test
    void builderRefusesWhatCannotWork() {
        assertThatThrownBy(() -> HearthDevice.builder().deviceId("a/b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid device id 'a/b'");
        assertThatThrownBy(() -> HearthDevice.builder().onCommand("brew/now", c -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid command name");
        assertThatThrownBy(() -> HearthDevice.builder().deviceId("x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("serverUri");
    }

    private static CommandReply reply(TestHubClient hub, String correlation) throws IOException {
        List<TestHubClient.Received> replies = hub.repliesTo(correlation);
        assertThat(replies).as("reply to %s", correlation).hasSize(1);
        return WireJson.mapper().readValue(replies.get(0).payload(), CommandReply.class);
    }
}
