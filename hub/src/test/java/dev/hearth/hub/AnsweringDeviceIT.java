package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static dev.hearth.hub.HubFixture.COFFEE;
import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.rules.CommandRequest;
import dev.hearth.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seed's rule through clients that are not our SDK: the bed is a plain MQTT 3.1.1 client that
 * never publishes a status, the coffee machine a plain MQTT 5 client that answers every command at
 * once from its message callback (the reply goes out before the PUBACK), as the wire contract asks.
 *
 * <p>Each wake-up's command must arrive before the next wake-up is reported, so a command that
 * waits for the next event fails here. Every round is a fresh connection of both devices, and the
 * bed's first report of a round repeats nothing: it is a change from what the bed reported in the
 * round before, while it was offline in between (a report after a reconnection is compared with the
 * last value reported, not taken as out of unknown).
 */
class AnsweringDeviceIT {
    private static final String RULE = """
            rules:
              - id: wake-brew
                mode: parallel
                when:
                  - state: bed-1.occupant
                    to: awake
                then:
                  - command: coffee-1.brew
                    args: { cups: 1 }
                    timeout: 5s
            """;
    private static final int ROUNDS = 4;
    private static final int WAKE_UPS = 3;
    private static final String COMMANDS = "devices/coffee-1/commands/#";

    private static HubFixture hub;

    @BeforeAll
    static void startHub(@TempDir Path folder) throws Exception {
        hub = HubFixture.startWithRules(folder, RULE, "rules-engine: { breaker-runs: 10000 }");
        MqttClient bed = plainBed(); // the bed's first report ever: out of unknown, it fires nothing
        report(bed, "asleep", 1);
        bed.disconnect();
        bed.close();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @ParameterizedTest(name = "bed publishes at QoS {0}, coffee machine subscribes at QoS {1} and replies at QoS {2}")
    @CsvSource({"1, 1, 0", "0, 1, 0", "1, 0, 0", "1, 1, 1", "0, 0, 1"})
    void everyWakeUpsCommandArrivesBeforeTheNextWakeUp(int bedQos, int coffeeQos, int replyQos) throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            List<String> brews = new CopyOnWriteArrayList<>();
            MqttAsyncClient coffee = answeringCoffeeMachine(brews, coffeeQos, replyQos);
            try {
                wakeUpTimes(WAKE_UPS, bedQos, brews, "round " + round);
            } finally {
                RawMqtt.closeQuietly(coffee);
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/rules/wake-brew").path("lastRun")
                .path("outcome").asText().equals("completed"));
    }

    /** A battery sensor: connects, reports one value, disconnects; every report is its own connection. */
    @Test
    void aBedThatConnectsReportsAndDisconnectsTriggersTheRule() throws Exception {
        List<String> brews = new CopyOnWriteArrayList<>();
        MqttAsyncClient coffee = answeringCoffeeMachine(brews, 1, 0);
        try {
            for (int wake = 1; wake <= WAKE_UPS; wake++) {
                for (String occupant : List.of("awake", "asleep")) {
                    MqttClient bed = plainBed();
                    report(bed, occupant, 1);
                    bed.disconnect();
                    bed.close();
                    await().atMost(Duration.ofSeconds(5)).until(() ->
                            hub.getJson("/api/devices/bed-1").path("availability").asText().equals("offline"));
                }
                int expected = wake;
                await("the command for wake-up " + wake).atMost(Duration.ofSeconds(5)).until(() -> brews.size() >= expected);
            }
            assertThat(brews).hasSize(WAKE_UPS);
        } finally {
            RawMqtt.closeQuietly(coffee);
        }
    }

    /**
     * The coffee machine's client is flooded with more commands than it can take, then leaves; a new
     * session under the same client id, one that never answers, still gets each command at once.
     */
    @Test
    void aClientIdReusedAfterAnOverloadGetsItsCommandsAtOnce() throws Exception {
        List<String> flooded = new CopyOnWriteArrayList<>();
        MqttAsyncClient overloaded = answeringCoffeeMachine(flooded, 1, 0);
        var args = WireJson.mapper().createObjectNode().put("cups", 1);
        for (int i = 0; i < 20_000; i++) {
            hub.hub.services().commands().send(new CommandRequest(COFFEE, "brew", args, Duration.ofSeconds(2), "flood"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.metric("hearth_commands_pending") == 0);
        assertThat(flooded).as("the broker held and dropped what the client could not take").hasSizeLessThan(20_000);
        RawMqtt.closeQuietly(overloaded);

        List<String> brews = new CopyOnWriteArrayList<>();
        MqttAsyncClient silent = RawMqtt.connectAsync(hub.brokerUri(), COFFEE, COFFEE, COFFEE_PASSWORD);
        try {
            RawMqtt.onMessage(silent, (topic, message) -> brews.add(topic));
            silent.subscribe(COMMANDS, 1).waitForCompletion(5_000);
            wakeUpTimes(WAKE_UPS, 1, brews, "after the overload");
        } finally {
            RawMqtt.closeQuietly(silent);
        }
    }

    /** A fresh bed connection wakes up {@code times} times, each awaited at the coffee machine; it ends asleep. */
    private static void wakeUpTimes(int times, int qos, List<String> brews, String what) throws Exception {
        MqttClient bed = plainBed();
        try {
            for (int wake = 1; wake <= times; wake++) {
                report(bed, "awake", qos);
                int expected = wake;
                await(what + ": the command for wake-up " + wake).atMost(Duration.ofSeconds(5))
                        .until(() -> brews.size() >= expected);
                report(bed, "asleep", qos);
            }
            assertThat(brews).hasSize(times).allMatch(topic -> topic.equals("devices/coffee-1/commands/brew"));
        } finally {
            bed.disconnect();
            bed.close();
        }
    }

    /** A plain MQTT 5 coffee machine answering every command at once (the reply before the PUBACK); it records the topics. */
    private static MqttAsyncClient answeringCoffeeMachine(List<String> brews, int subscribeQos, int replyQos)
            throws Exception {
        MqttAsyncClient coffee = RawMqtt.connectAsync(hub.brokerUri(), COFFEE, COFFEE, COFFEE_PASSWORD);
        RawMqtt.answerEveryCommand(coffee, replyQos, command -> brews.add(command.substring(0, command.indexOf(' '))));
        coffee.subscribe(COMMANDS, subscribeQos).waitForCompletion(5_000);
        return coffee;
    }

    /** MQTT 3.1.1, clean session, never publishes a status: what a plain sensor or mosquitto_pub is. */
    private static MqttClient plainBed() throws Exception {
        MqttClient bed = new MqttClient(hub.brokerUri(), BED, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(BED);
        options.setPassword(BED_PASSWORD.toCharArray());
        options.setCleanSession(true);
        bed.connect(options);
        return bed;
    }

    private static void report(MqttClient bed, String occupant, int qos) throws Exception {
        bed.publish("devices/" + BED + "/state", ("{\"occupant\":\"" + occupant + "\"}").getBytes(StandardCharsets.UTF_8),
                qos, false);
    }
}
