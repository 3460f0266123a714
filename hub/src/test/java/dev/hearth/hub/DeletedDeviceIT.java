package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.wire.Topics;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A device removed with {@code DELETE /api/devices/<id>} while it is connected: the hub drops its connection, and
 * the offline that the drop causes comes after the removal. It used to bring the device back into
 * {@code /api/devices} as an empty, meta-less entry (and a status row a restart would restore). The device is a
 * plain MQTT 3.1.1 client (Paho), as a small board's firmware is.
 */
class DeletedDeviceIT extends SharedHub {

    @Test
    void aDeletedDeviceWhoseConnectionDropsAfterIsNotListedAgain() throws Exception {
        HttpResponse<String> added = hub.send("POST", "/api/devices", "{\"id\":\"lamp-7\",\"type\":\"lamp\"}", hub.adminToken);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String password = HubFixture.json(added).path("password").asText();
        NativeClient lamp = NativeClient.connect(hub.brokerUri(), "lamp-7", "lamp-7", password, null, null);
        try {
            lamp.publish(Topics.state("lamp-7"), "{\"on\":true}");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/devices/lamp-7").path("state").path("on").asBoolean(false)
                    && hub.getJson("/api/devices/lamp-7").path("availability").asText().equals("online"));

            assertThat(hub.send("DELETE", "/api/devices/lamp-7", null, hub.adminToken).statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> !lamp.isConnected());
            // the hub has taken the drop in once no device of it is connected
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.metric("hearth_devices_connected") == 0);
        } finally {
            lamp.close();
        }
        assertThat(hub.get("/api/devices/lamp-7").statusCode()).isEqualTo(404);
        assertThat(hub.getJson("/api/devices").toString()).doesNotContain("lamp-7");

        // provisioned again, it is listed again
        assertThat(hub.send("POST", "/api/devices", "{\"id\":\"lamp-7\"}", hub.adminToken).statusCode()).isEqualTo(201);
        assertThat(hub.get("/api/devices/lamp-7").statusCode()).isEqualTo(200);
    }
}
