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
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

/** The broker lets in only known devices with their password, and each only into its own topics. */
class BrokerSecurityIT extends SharedHub {
    private static final int BAD_USER_NAME_OR_PASSWORD = 134;
    private static final int NOT_AUTHORIZED = 135;


    @Test
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> RawMqtt.connect(hub.brokerUri(), "intruder", BED, "guess"))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void unknownDeviceIsRefused() {
        assertThatThrownBy(() -> RawMqtt.connect(hub.brokerUri(), "stranger", "toaster-9", BED_PASSWORD))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void anonymousClientIsRefused() {
        assertThatThrownBy(() -> RawMqtt.connect(hub.brokerUri(), "anonymous", null, null))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void aDeviceCannotPublishAnotherDevicesState() throws Exception {
        MqttClient coffee = RawMqtt.connect(hub.brokerUri(), "coffee-writer", COFFEE, COFFEE_PASSWORD);
        coffee.publish(Topics.state(COFFEE), new MqttMessage("{\"status\":\"idle\"}".getBytes(StandardCharsets.UTF_8), 1, true, null));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "idle".equals(hub.getJson("/api/devices/coffee-1").path("state").path("status").asText()));

        MqttClient bed = RawMqtt.connect(hub.brokerUri(), "bed-forger", BED, BED_PASSWORD);
        try {
            bed.publish(Topics.state(COFFEE), new MqttMessage("{\"status\":\"brewing\"}".getBytes(StandardCharsets.UTF_8), 1, false, null));
        } catch (MqttException refused) {
            // the broker refuses it by dropping the connection (reason 135): either way is a refusal
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !bed.isConnected());
        assertThat(hub.getJson("/api/devices/coffee-1").path("state").path("status").asText()).isEqualTo("idle");

        RawMqtt.closeQuietly(coffee);
        RawMqtt.closeQuietly(bed);
    }

    @Test
    void aDeviceCannotSubscribeToAnotherDevicesCommands() throws Exception {
        MqttClient bed = RawMqtt.connect(hub.brokerUri(), "bed-snoop", BED, BED_PASSWORD);
        try {
            assertThat(subscribeReason(bed, Topics.commandsFilter(BED))).isEqualTo(1);
            assertThat(subscribeReason(bed, Topics.commandsSubtreeFilter(COFFEE))).isEqualTo(NOT_AUTHORIZED);
            assertThat(subscribeReason(bed, "#")).isEqualTo(NOT_AUTHORIZED);
            assertThat(bed.isConnected()).as("a refused subscription does not disconnect").isTrue();
        } finally {
            RawMqtt.closeQuietly(bed);
        }
    }

    /** The SUBACK reason code, whether Paho returns it or throws it. */
    private static int subscribeReason(MqttClient client, String filter) {
        try {
            IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)});
            return token.getReasonCodes()[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    @Test
    void availabilityFollowsTheConnection() throws Exception {
        MqttClient bed = RawMqtt.connect(hub.brokerUri(), "bed-presence", BED, BED_PASSWORD);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "online".equals(hub.getJson("/api/devices/bed-1").path("availability").asText()));
        bed.disconnect();
        bed.close();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "offline".equals(hub.getJson("/api/devices/bed-1").path("availability").asText()));
        assertThat(hub.getJson("/api/devices/bed-1").path("lastSeen").asText()).isNotEmpty();
    }

    @Test
    void unknownDeviceIsA404Problem() {
        var response = hub.get("/api/devices/toaster-9");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        assertThat(response.body()).contains("no device 'toaster-9'");
    }

}
