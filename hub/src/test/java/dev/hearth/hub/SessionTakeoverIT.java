package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static dev.hearth.hub.HubFixture.COFFEE;
import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hearth.device.testing.MessageCallback;
import dev.hearth.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/**
 * A client id belongs to the device whose session it keys: another device logging in with it, over
 * MQTT 5 or 3.1.1, is refused while that session lives (connected, or away with commands queued),
 * and never receives a message meant for the owner.
 */
class SessionTakeoverIT extends SharedHub {
    private static final int CLIENT_IDENTIFIER_NOT_VALID = 133;
    private static final int IDENTIFIER_REJECTED_3_1_1 = 2;

    @Test
    void anotherDeviceCannotTakeOverASessionByItsClientId() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        MqttClient bed = persistentBed(received);
        double refusedBefore = hub.rejected("client_id_taken");
        try {
            assertThatThrownBy(() -> RawMqtt.connect(hub.brokerUri(), BED, COFFEE, COFFEE_PASSWORD))
                    .isInstanceOfSatisfying(MqttException.class,
                            e -> assertThat(e.getReasonCode()).isEqualTo(CLIENT_IDENTIFIER_NOT_VALID));
            assertThatThrownBy(() -> connect311(BED, COFFEE, COFFEE_PASSWORD))
                    .isInstanceOfSatisfying(org.eclipse.paho.client.mqttv3.MqttException.class,
                            e -> assertThat(e.getReasonCode()).isEqualTo(IDENTIFIER_REJECTED_3_1_1));
            assertThat(bed.isConnected()).as("the owner keeps its connection").isTrue();
            assertThat(hub.getJson("/api/devices/bed-1").path("availability").asText()).isEqualTo("online");

            var answered = hub.send("POST", "/api/devices/bed-1/commands/unlock?timeout=1s", "{\"secret\":\"only-for-bed-1\"}",
                    hub.adminToken);
            assertThat(answered.statusCode()).as("bed-1 does not answer; the command reached it all the same").isEqualTo(504);
            await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("devices/bed-1/commands/unlock"));

            // away, with its session (and what is queued for it) kept by the broker: still not another's
            bed.disconnect();
            bed.close();
            hub.send("POST", "/api/devices/bed-1/commands/unlock?timeout=1s", "{\"secret\":\"queued\"}", hub.adminToken);
            assertThatThrownBy(() -> RawMqtt.connect(hub.brokerUri(), BED, COFFEE, COFFEE_PASSWORD))
                    .isInstanceOfSatisfying(MqttException.class,
                            e -> assertThat(e.getReasonCode()).isEqualTo(CLIENT_IDENTIFIER_NOT_VALID));
            assertThat(hub.rejected("client_id_taken") - refusedBefore).isEqualTo(3);

            received.clear();
            bed = persistentBed(received);
            await("the queued command waited for its owner").atMost(Duration.ofSeconds(5))
                    .until(() -> received.contains("devices/bed-1/commands/unlock"));
        } finally {
            RawMqtt.closeQuietly(bed);
        }
    }

    @Test
    void aClientIdWhoseSessionEndedIsFreeAgain() throws Exception {
        MqttClient first = RawMqtt.connect(hub.brokerUri(), "shared-id", BED, BED_PASSWORD); // clean start, no expiry
        first.disconnect();
        first.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            MqttClient second = RawMqtt.connect(hub.brokerUri(), "shared-id", COFFEE, COFFEE_PASSWORD);
            RawMqtt.closeQuietly(second);
        });
    }

    /** bed-1 as the SDK connects it: client id = device id, a session that outlives the connection. */
    private MqttClient persistentBed(List<String> received) throws Exception {
        MqttClient bed = new MqttClient(hub.brokerUri(), BED, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setUserName(BED);
        options.setPassword(BED_PASSWORD.getBytes(StandardCharsets.UTF_8));
        bed.setCallback(new MessageCallback((topic, message) -> received.add(topic)));
        bed.connect(options);
        bed.subscribe(Topics.commandsSubtreeFilter(BED), 1);
        return bed;
    }

    private void connect311(String clientId, String user, String password) throws Exception {
        var client = new org.eclipse.paho.client.mqttv3.MqttClient(hub.brokerUri(), clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        options.setCleanSession(false);
        client.connect(options);
        client.disconnect();
        client.close();
    }
}
