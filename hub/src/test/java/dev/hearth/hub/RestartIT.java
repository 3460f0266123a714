package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the hub knew survives its restart: provisioned devices, last state, history. */
class RestartIT {
    @TempDir
    Path folder;

    /** The hub under test; on its own database (SQLite in its folder) unless a subclass says otherwise. */
    protected HubFixture startHub(Path hubFolder) throws java.io.IOException {
        return HubFixture.start(hubFolder);
    }

    @Test
    void stateHistoryAndDevicesSurviveARestart() throws Exception {
        String lampPassword;
        try (HubFixture hub = startHub(folder)) {
            lampPassword = HubFixture.json(hub.send("POST", "/api/devices", "{\"id\":\"thermo-1\"}", hub.adminToken))
                    .path("password").asText();
            MqttClient thermo = RawMqtt.connect(hub.brokerUri(), "thermo-1", "thermo-1", lampPassword);
            for (int temp = 18; temp <= 21; temp++) {
                thermo.publish(Topics.telemetry("thermo-1"),
                        new MqttMessage(("{\"temp\":" + temp + "}").getBytes(StandardCharsets.UTF_8), 1, false, null));
            }
            thermo.publish(Topics.state("thermo-1"), new MqttMessage("{\"mode\":\"heat\"}".getBytes(StandardCharsets.UTF_8), 1, true, null));
            MqttClient bed = RawMqtt.connect(hub.brokerUri(), "bed", BED, BED_PASSWORD);
            bed.publish(Topics.state(BED), new MqttMessage("{\"occupant\":\"asleep\"}".getBytes(StandardCharsets.UTF_8), 1, false, null));
            await().atMost(Duration.ofSeconds(5)).until(() -> "asleep".equals(
                    hub.getJson("/api/devices/bed-1").path("state").path("occupant").asText()));
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    hub.getJson("/api/devices/thermo-1/history?attribute=temp").path("points").size() == 4);
            RawMqtt.closeQuietly(thermo);
            RawMqtt.closeQuietly(bed);
        }

        try (HubFixture hub = startHub(folder)) {
            JsonNode bed = hub.getJson("/api/devices/bed-1");
            assertThat(bed.path("state").path("occupant").asText()).isEqualTo("asleep");
            assertThat(bed.path("availability").asText()).isEqualTo("offline");
            assertThat(hub.getJson("/api/devices/thermo-1").path("state").path("mode").asText()).isEqualTo("heat");
            JsonNode history = hub.getJson("/api/devices/thermo-1/history?attribute=temp");
            assertThat(history.path("points")).extracting(point -> point.path("value").asInt()).containsExactly(18, 19, 20, 21);
            JsonNode buckets = hub.getJson("/api/devices/thermo-1/history?attribute=temp&bucket=1h");
            assertThat(buckets.path("buckets").get(0).path("avg").asDouble()).isEqualTo(19.5);
            RawMqtt.closeQuietly(RawMqtt.connect(hub.brokerUri(), "thermo-1", "thermo-1", lampPassword));
        }
    }
}
