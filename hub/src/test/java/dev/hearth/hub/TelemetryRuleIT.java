package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static dev.hearth.hub.HubFixture.COFFEE;
import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A telemetry rule fired by a plain MQTT 3.1.1 sensor that connects, publishes one measurement and
 * disconnects (never a status), at QoS 0 and 1; its measurements land in the history, one row a
 * message, each field read back by name.
 */
class TelemetryRuleIT {
    private static final String RULE = """
            rules:
              - id: racing-heart
                mode: parallel
                when:
                  - telemetry: bed-1
                if:
                  - expr: "trigger.measurements.heart_rate > 100"
                then:
                  - command: coffee-1.brew
                    args: { cups: 2 }
            """;

    private static HubFixture hub;
    private static MqttAsyncClient coffee;
    private static final List<String> BREWS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startHub(@TempDir Path folder) throws Exception {
        hub = HubFixture.startWithRules(folder, RULE, "");
        coffee = RawMqtt.connectAsync(hub.brokerUri(), COFFEE, COFFEE, COFFEE_PASSWORD);
        RawMqtt.answerEveryCommand(coffee, 0, BREWS::add);
        coffee.subscribe("devices/coffee-1/commands/#", 1).waitForCompletion(5_000);
    }

    @AfterAll
    static void stopHub() {
        RawMqtt.closeQuietly(coffee);
        hub.close();
    }

    @ParameterizedTest(name = "the sensor publishes at QoS {0}")
    @ValueSource(ints = {0, 1})
    void aMeasurementOverTheLimitSendsTheCommandAndEveryMeasurementIsInTheHistory(int qos) throws Exception {
        BREWS.clear();
        String calm = "{\"heart_rate\":62,\"unit\":\"bpm\",\"qos\":" + qos + "}";
        String racing = "{\"heart_rate\":131.5,\"unit\":\"bpm\",\"qos\":" + qos + "}";
        publishOnceAndLeave(calm, qos);
        publishOnceAndLeave(racing, qos);

        await("the command for the racing heart").atMost(Duration.ofSeconds(5)).until(() -> !BREWS.isEmpty());
        assertThat(BREWS).as("the calm measurement fired nothing").singleElement()
                .satisfies(command -> assertThat(command).startsWith("devices/coffee-1/commands/brew").contains("\"cups\":2"));

        await("both measurements stored").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode points = HubFixture.json(hub.get("/api/devices/bed-1/history?attribute=heart_rate&limit=100")).path("points");
            List<Double> mine = new ArrayList<>();
            JsonNode units = HubFixture.json(hub.get("/api/devices/bed-1/history?attribute=qos&limit=100")).path("points");
            for (int i = 0; i < points.size(); i++) {
                if (units.path(i).path("value").asInt(-1) == qos) {
                    mine.add(points.path(i).path("value").asDouble());
                }
            }
            assertThat(mine).containsExactly(62.0, 131.5);
        });
    }

    /** What a battery sensor does: connect, one publish, disconnect, no status, no last will. */
    private static void publishOnceAndLeave(String measurements, int qos) throws Exception {
        MqttClient sensor = new MqttClient(hub.brokerUri(), BED, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(BED);
        options.setPassword(BED_PASSWORD.toCharArray());
        options.setCleanSession(true);
        sensor.connect(options);
        sensor.publish("devices/" + BED + "/telemetry", measurements.getBytes(StandardCharsets.UTF_8), qos, false);
        sensor.disconnect();
        sensor.close();
    }
}
