package dev.hearth.simulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.device.testing.BrokerExtension;
import dev.hearth.simulator.device.OfflineMode;
import dev.hearth.simulator.device.SimulatedDevice;
import dev.hearth.simulator.scenario.Scenario;
import dev.hearth.simulator.scenario.ScenarioLoader;
import dev.hearth.simulator.scenario.ScenarioReport;
import dev.hearth.simulator.scenario.ScenarioRunner;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.link.MqttTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The native devices on a real broker, watched and commanded by a plain MQTT 3.1.1 client, as the hub's adapters see them. */
class NativeDevicesIT {
    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension();
    private static ScheduledExecutorService scheduler;

    @BeforeAll
    static void startScheduler() {
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stopScheduler() {
        scheduler.shutdownNow();
    }

    /** One per test, as a scenario run has: the devices of one bridge share its session through it. */
    private final MqttTransport transport = MqttTransport.withFaults();

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    private SimulationContext context() {
        return new SimulationContext(BROKER.uri(), scheduler, Clock.systemUTC(), transport);
    }

    private SimulatedDevice device(String yaml, String id) throws Exception {
        Scenario scenario = new ScenarioLoader().parse("devices.yaml", "name: d\ndevices:\n" + yaml + "steps: []\n");
        return scenario.device(id).orElseThrow().create(context());
    }

    /** A subscriber coming later gets it with the retain flag: the broker holds it. */
    private static void assertRetained(String topic, String payload) throws Exception {
        try (PlainMqtt late = new PlainMqtt(BROKER.uri(), topic)) {
            await().until(() -> late.saw(topic + " " + payload + " (retained)"));
        }
    }

    @Test
    void aTasmotaPlugAnnouncesItselfObeysPowerAndItsLastWillSaysOffline() throws Exception {
        try (PlainMqtt hub = new PlainMqtt(BROKER.uri(), "#");
             SimulatedDevice plug = device("  - { id: plug-1, kind: tasmota-plug, password: p, topic: tasmota_A1, tele-period: 1s }\n", "plug-1")) {
            plug.connect();
            String mac = TasmotaFirmware.macOf("tasmota_A1");
            await().until(() -> hub.saw("tele/tasmota_A1/LWT Online")
                    && hub.received.stream().anyMatch(m -> m.startsWith("tasmota/discovery/" + mac + "/config {"))
                    && hub.received.stream().filter(m -> m.startsWith("tele/tasmota_A1/SENSOR {\"Time\"")).count() >= 2);
            assertRetained("tele/tasmota_A1/LWT", "Online");
            hub.publish("cmnd/tasmota_A1/POWER", "ON");
            await().until(() -> hub.saw("stat/tasmota_A1/RESULT {\"POWER\":\"ON\"}") && hub.saw("stat/tasmota_A1/POWER ON"));
            assertThat(plug.state().path("power").asBoolean()).isTrue();
            assertThat(plug.receivedCommands()).extracting(c -> c.name()).containsExactly("turn_on");
            hub.received.clear();
            hub.publish("cmnd/tasmota_A1/POWER", "");
            await().until(() -> hub.saw("stat/tasmota_A1/POWER ON"));
            assertThat(plug.receivedCommands()).as("a query is no command").hasSize(1);
            hub.publish("cmnd/tasmota_A1/POWER", "TOGGLE");
            await().until(() -> hub.saw("stat/tasmota_A1/RESULT {\"POWER\":\"OFF\"}"));
            plug.goOffline(OfflineMode.DROP);
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.saw("tele/tasmota_A1/LWT Offline"));
        }
    }

    @Test
    void aZigbee2mqttBridgeListsItsDevicesAndABulbAnswersASetWithItsNewState() throws Exception {
        String devices = """
                  - { id: hallway-motion, kind: zigbee2mqtt-motion-sensor, password: z, bridge: z2m }
                  - { id: living-lamp, kind: zigbee2mqtt-bulb, password: z, bridge: z2m, name: living/lamp }
                """;
        try (PlainMqtt hub = new PlainMqtt(BROKER.uri(), "zigbee2mqtt/#");
             SimulatedDevice motion = device(devices, "hallway-motion");
             SimulatedDevice lamp = device(devices, "living-lamp")) {
            motion.connect();
            lamp.connect();
            await().until(() -> hub.saw("zigbee2mqtt/bridge/state {\"state\":\"online\"}")
                    && hub.received.stream().anyMatch(m -> m.startsWith("zigbee2mqtt/bridge/devices [") && m.contains("\"friendly_name\":\"living/lamp\"")
                    && m.contains("\"property\":\"occupancy\"")));
            await().until(() -> hub.saw("zigbee2mqtt/living/lamp/availability {\"state\":\"online\"}")
                    && hub.saw("zigbee2mqtt/hallway-motion {\"occupancy\":false,\"illuminance\":20,\"battery\":100,\"linkquality\":120}"));
            assertRetained("zigbee2mqtt/bridge/state", "{\"state\":\"online\"}");
            assertRetained("zigbee2mqtt/living/lamp/availability", "{\"state\":\"online\"}");
            motion.report(java.util.Map.of("occupancy", true));
            await().until(() -> hub.saw("zigbee2mqtt/hallway-motion {\"occupancy\":true,\"illuminance\":20,\"battery\":100,\"linkquality\":120}"));
            hub.publish("zigbee2mqtt/living/lamp/set", "{\"state\":\"ON\",\"brightness\":80}");
            await().until(() -> hub.saw("zigbee2mqtt/living/lamp {\"state\":\"ON\",\"brightness\":80,\"linkquality\":120}"));
            hub.publish("zigbee2mqtt/living/lamp/set", "{\"state\":\"TOGGLE\"}");
            await().until(() -> hub.saw("zigbee2mqtt/living/lamp {\"state\":\"OFF\",\"brightness\":80,\"linkquality\":120}"));
            assertThat(lamp.receivedCommands()).extracting(c -> c.name()).containsExactly("set", "toggle");
            motion.goOffline(OfflineMode.DROP);
            await().until(() -> hub.saw("zigbee2mqtt/hallway-motion/availability {\"state\":\"offline\"}"));
            assertThat(lamp.isConnected()).as("the bridge stays").isTrue();
        }
    }

    @Test
    void closingTheTransportEndsTheSessionsItsDevicesLeftOpen() throws Exception {
        try (PlainMqtt hub = new PlainMqtt(BROKER.uri(), "z2m-three/#")) {
            MqttTransport own = MqttTransport.withFaults();
            SimulatedDevice motion = new ScenarioLoader().parse("d.yaml", "name: d\ndevices:\n"
                    + "  - { id: porch-motion, kind: zigbee2mqtt-motion-sensor, password: z, bridge: z2m-3, base-topic: z2m-three }\n"
                    + "steps: []\n").device("porch-motion").orElseThrow()
                    .create(new SimulationContext(BROKER.uri(), scheduler, Clock.systemUTC(), own));
            motion.connect();
            await().until(() -> hub.saw("z2m-three/bridge/state {\"state\":\"online\"}"));

            own.close(); // the device itself never closed

            await().until(() -> hub.saw("z2m-three/bridge/state {\"state\":\"offline\"}"));
            await().until(() -> !motion.isConnected());
        }
    }

    @Test
    void aShellyAnswersJsonRpcWithTheRequestsIdOnItsSource() throws Exception {
        try (PlainMqtt hub = new PlainMqtt(BROKER.uri(), "#");
             SimulatedDevice shelly = device("  - { id: shelly-1, kind: shelly-plus-1, password: s, topic: shellyplus1-a8032ab1 }\n", "shelly-1")) {
            shelly.connect();
            await().until(() -> hub.saw("shellyplus1-a8032ab1/online true"));
            hub.publish("shellyplus1-a8032ab1/rpc", "{\"id\":7,\"src\":\"hearth-test\",\"method\":\"Switch.Set\",\"params\":{\"id\":0,\"on\":true}}");
            await().until(() -> hub.saw("hearth-test/rpc {\"id\":7,\"src\":\"shellyplus1-a8032ab1\",\"dst\":\"hearth-test\",\"result\":{\"was_on\":false}}"));
            assertThat(hub.received).anyMatch(m -> m.startsWith("shellyplus1-a8032ab1/status/switch:0 {\"id\":0,\"source\":\"MQTT\",\"output\":true"));
            assertThat(hub.received).anyMatch(m -> m.startsWith("shellyplus1-a8032ab1/events/rpc {") && m.contains("\"method\":\"NotifyStatus\"")
                    && m.contains("\"switch:0\":{\"id\":0,\"output\":true}"));
            hub.publish("shellyplus1-a8032ab1/rpc", "{\"id\":8,\"src\":\"hearth-test\",\"method\":\"Switch.GetStatus\",\"params\":{\"id\":0}}");
            await().until(() -> hub.received.stream().anyMatch(m -> m.startsWith("hearth-test/rpc {\"id\":8,") && m.contains("\"output\":true")));
            hub.publish("shellyplus1-a8032ab1/rpc", "{\"id\":9,\"src\":\"hearth-test\",\"method\":\"Switch.Set\",\"params\":{\"id\":3,\"on\":true}}");
            await().until(() -> hub.received.stream().anyMatch(m -> m.startsWith("hearth-test/rpc {\"id\":9,") && m.contains("\"error\":{\"code\":-105")));
        }
    }

    @Test
    void anEspHomeNodeSaysItsDiscoveryConfigsAndObeysItsRelaysCommandTopic() throws Exception {
        try (PlainMqtt hub = new PlainMqtt(BROKER.uri(), "#");
             SimulatedDevice node = device("  - { id: garage-node, kind: esphome-node, password: e }\n", "garage-node")) {
            node.connect();
            await().until(() -> hub.saw("garage-node/status online") && hub.saw("garage-node/sensor/temperature/state 21.5")
                    && hub.received.stream().anyMatch(m -> m.startsWith("homeassistant/switch/garage-node/relay/config {")
                    && m.contains("\"cmd_t\":\"garage-node/switch/relay/command\"")));
            assertRetained("garage-node/status", "online");
            hub.publish("garage-node/switch/relay/command", "ON");
            await().until(() -> hub.saw("garage-node/switch/relay/state ON"));
            node.restart();
            await().until(() -> hub.saw("garage-node/status offline") || hub.saw("garage-node/status offline"));
            await().until(() -> hub.received.stream().filter(m -> m.startsWith("garage-node/status online")).count() == 2);
        }
    }

    @Test
    void aScenarioDrivesAndExpectsOnNativeDevices() throws Exception {
        Scenario scenario = new ScenarioLoader().parse("native.yaml", """
                name: native
                devices:
                  - { id: plug-1, kind: tasmota-plug, password: p, topic: tasmota_B2 }
                  - { id: hallway-motion, kind: zigbee2mqtt-motion-sensor, password: z, bridge: z2m-2, base-topic: z2m-two }
                steps:
                  - at: 1s
                    report: { device: hallway-motion, state: { occupancy: true } }
                  - at: 1s
                    expect: { device: plug-1, receives: turn_on, within: 5s }
                  - at: 1s
                    expect: { device: plug-1, state: power, equals: true, within: 5s }
                """);
        try (PlainMqtt hub = new PlainMqtt(BROKER.uri(), "z2m-two/#")) {
            CompletableFuture<ScenarioReport> run = CompletableFuture.supplyAsync(() ->
                    new ScenarioRunner(BROKER.uri(), scheduler, Clock.systemUTC()).run(scenario));
            // the test plays the hub's rule: occupancy true switches the plug on
            await().until(() -> hub.received.stream().anyMatch(m -> m.startsWith("z2m-two/hallway-motion {\"occupancy\":true")));
            hub.publish("cmnd/tasmota_B2/POWER", "ON");
            ScenarioReport report = run.get(30, TimeUnit.SECONDS);
            assertThat(report.passed()).as(report.summary()).isTrue();
        }
    }

}
