package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.cluster.ClusterTopics;
import dev.hearth.cluster.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Nothing they were told was stored is lost": in cluster mode a QoS 1 PUBACK waits for Kafka's acknowledgement of
 * the message's events. While Kafka is away an MQTT 5 device gets a PUBACK with reason 0x80 (unspecified error; it
 * knows the message was not taken), and an MQTT 3.1.1 device no PUBACK at all: the hub disconnects it, and it sends
 * the message again once it is back.
 */
class ClusterAckIT {
    private static final int UNSPECIFIED_ERROR = 0x80;

    @Test
    void aQos1PublishIsAcknowledgedOnlyOnceKafkaHasIt(@TempDir Path dir) throws Exception {
        ClusterTopics topics = ClusterTopics.withPrefix("ack");
        KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"));
        kafka.createTopics(1, topics.events(), topics.commands());
        try (HubFixture hub = HubFixture.start(dir.resolve("hub"), "", ("cluster: { bootstrap-servers: \"%s\", hub-id: hub-a,"
                + " topic-prefix: ack, ack-timeout-ms: 2000 }").formatted(kafka.bootstrapServers()))) {
            MqttAsyncClient bed = RawMqtt.connectAsync(hub.brokerUri(), "bed-5", BED, BED_PASSWORD);
            try {
                assertThat(RawMqtt.publishForReason(bed, "devices/bed-1/state", state("asleep"))).isLessThan(UNSPECIFIED_ERROR);
                await().atMost(Duration.ofSeconds(30)).until(() -> hub.metric("hearth_cluster_events_produced_total") >= 1);

                kafka.kill();

                assertThat(RawMqtt.publishForReason(bed, "devices/bed-1/state", state("awake"))).isEqualTo(UNSPECIFIED_ERROR);
                assertThat(hub.rejected("not_in_cluster")).isGreaterThanOrEqualTo(1);
                assertThat(bed.isConnected()).isTrue();
                assertThatThrownBy(() -> plainBedPublishes(hub, "up")).isInstanceOf(MqttException.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> hub.getJson("/health").get("status").asText().equals("DEGRADED"));
                JsonNode health = hub.getJson("/health");
                assertThat(health.get("checks").get("cluster").asText()).startsWith("DOWN (").contains(kafka.bootstrapServers());
            } finally {
                RawMqtt.closeQuietly(bed);
            }
        } finally {
            kafka.close();
        }
    }

    @Test
    void aHubStartsWhileKafkaIsAwayAndSaysSo(@TempDir Path dir) throws Exception {
        try (HubFixture hub = HubFixture.start(dir.resolve("hub"), "",
                "cluster: { bootstrap-servers: \"127.0.0.1:1\", hub-id: hub-a, ack-timeout-ms: 1000 }")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.getJson("/health").get("status").asText().equals("DEGRADED"));
            assertThat(hub.getJson("/health").get("checks").get("cluster").asText()).contains("127.0.0.1:1");
            MqttAsyncClient bed = RawMqtt.connectAsync(hub.brokerUri(), "bed-6", BED, BED_PASSWORD);
            try {
                assertThat(RawMqtt.publishForReason(bed, "devices/bed-1/state", state("asleep"))).isEqualTo(UNSPECIFIED_ERROR);
                assertThat(hub.hub.devices().snapshot(BED).orElseThrow().reported().get("occupant").asText()).isEqualTo("asleep");
            } finally {
                RawMqtt.closeQuietly(bed);
            }
        }
    }

    /** An MQTT 3.1.1 client's QoS 1 publish; it throws when the hub drops the connection instead of acknowledging. */
    private static void plainBedPublishes(HubFixture hub, String occupant) throws MqttException {
        MqttClient bed = new MqttClient(hub.brokerUri(), "bed-plain-v3", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(BED);
        options.setPassword(BED_PASSWORD.toCharArray());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        bed.setTimeToWait(10_000);
        bed.connect(options);
        try {
            bed.publish("devices/bed-1/state", state(occupant), 1, false);
        } finally {
            if (bed.isConnected()) {
                bed.disconnectForcibly();
            }
            bed.close();
        }
    }

    private static byte[] state(String occupant) {
        return ("{\"occupant\":\"" + occupant + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
