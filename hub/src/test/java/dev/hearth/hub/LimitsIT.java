package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static dev.hearth.hub.HubFixture.COFFEE;
import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hearth.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/** Limits refuse and count what goes over them; the hub carries on. Metrics show it. */
class LimitsIT extends SharedHub {
    private static final int QUOTA_EXCEEDED = 151;

    @Override
    protected String mqttSettings() {
        return "rate-limit: 5, max-connections: 2, max-packet-size: 4096";
    }

    @Test
    void aDeviceOverItsRateIsRefusedAndCountedAndStaysConnected() throws Exception {
        MqttClient bed = RawMqtt.connect(hub.brokerUri(), "bed-fast", BED, BED_PASSWORD);
        try {
            for (int i = 0; i < 40; i++) {
                try {
                    bed.publish(Topics.telemetry(BED), new MqttMessage(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), 1, false, null));
                } catch (MqttException refused) {
                    // a PUBACK with "quota exceeded"
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("rate_limited") > 0);
            assertThat(hub.metric("hearth_messages_in_total{type=\"telemetry\"}")).isBetween(10.0, 39.0);
            assertThat(bed.isConnected()).isTrue();
        } finally {
            RawMqtt.closeQuietly(bed);
        }
    }

    @Test
    void connectionsOverTheLimitAreRefusedAndCounted() throws Exception {
        MqttClient first = RawMqtt.connect(hub.brokerUri(), "limit-1", BED, BED_PASSWORD);
        MqttClient second = RawMqtt.connect(hub.brokerUri(), "limit-2", COFFEE, COFFEE_PASSWORD);
        try {
            assertThatThrownBy(() -> RawMqtt.connect(hub.brokerUri(), "limit-3", BED, BED_PASSWORD))
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(QUOTA_EXCEEDED));
            assertThat(hub.rejected("max_connections")).isEqualTo(1.0);
        } finally {
            RawMqtt.closeQuietly(first);
            RawMqtt.closeQuietly(second);
        }
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
            MqttClient again = RawMqtt.connect(hub.brokerUri(), "limit-4", BED, BED_PASSWORD);
            RawMqtt.closeQuietly(again);
            return true;
        });
    }

    @Test
    void anOversizedPacketDropsThatClientOnly() throws Exception {
        double counted = hub.rejected("packet_too_large");
        MqttClient bed = RawMqtt.connect(hub.brokerUri(), "bed-big", BED, BED_PASSWORD);
        try {
            bed.publish(Topics.state(BED), new MqttMessage(("{\"blob\":\"" + "x".repeat(10_000) + "\"}").getBytes(StandardCharsets.UTF_8), 1, false, null));
        } catch (MqttException refused) {
            // the broker closes the connection of a client that sends more than max-packet-size
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !bed.isConnected());
        assertThat(hub.getJson("/api/devices/bed-1").path("state").has("blob")).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.rejected("packet_too_large") == counted + 1);
        MqttClient again = RawMqtt.connect(hub.brokerUri(), "bed-small", BED, BED_PASSWORD);
        RawMqtt.closeQuietly(again);
        assertThat(hub.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsNeedATokenAndSpeakPrometheus() {
        assertThat(hub.send("GET", "/metrics", null, null).statusCode()).isEqualTo(401);
        var response = hub.send("GET", "/metrics", null, hub.readToken);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.body()).contains("hearth_devices_connected", "hearth_storage_queue", "jvm_memory_used_bytes",
                "hearth_mqtt_connections", "hearth_broker_sessions", "hearth_broker_messages_dropped_total");
    }
}
