package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.hub.adapters.Zigbee2mqttAdapterTest;
import dev.hearth.hub.security.PasswordHasher;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zigbee2MQTT sends its device list when it starts, not when it reconnects, and the broker keeps retained
 * messages in memory only: after a restart of the hub the bridge comes back without sending it. The hub
 * speaks for the devices it stored, so their rules load and their commands go out at once.
 */
class Zigbee2mqttRestartIT {
    private static final String RULES = """
            rules:
              - id: lamp-on-motion
                when:
                  - state: hallway-motion.occupancy
                    to: true
                then:
                  - command: living-lamp.turn_on
                    timeout: 5s
            """;

    @Test
    void aRestartedHubSpeaksForTheBridgesDevicesBeforeItListsThemAgain(@TempDir Path folder) throws Exception {
        try (HubFixture hub = HubFixture.startWithDevices(folder, RULES, """
                  - id: z2m
                    protocol: zigbee2mqtt
                    password-hash: "%s"
                """.formatted(PasswordHasher.hash("z2m-secret")));
             NativeClient bridge = NativeClient.connect(hub.brokerUri(), "mqttjs_1", "z2m", "z2m-secret", null, null)) {
            bridge.publish("zigbee2mqtt/bridge/devices", Zigbee2mqttAdapterTest.sample("bridge-devices.json"), true);
            bridge.publish("zigbee2mqtt/hallway-motion", "{\"occupancy\":false}");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.get("/api/devices/hallway-motion").statusCode() == 200
                    && hub.getJson("/api/devices/hallway-motion").path("state").has("occupancy"));
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/rules").path("loadErrors").isEmpty());
        }
        try (HubFixture hub = HubFixture.start(folder);
             NativeClient bridge = NativeClient.connect(hub.brokerUri(), "mqttjs_2", "z2m", "z2m-secret", null, null)) {
            assertThat(hub.getJson("/api/rules").path("loadErrors").isEmpty()).as("the rule loads at start").isTrue();
            assertThat(hub.getJson("/api/devices/living-lamp").path("protocol").asText()).isEqualTo("zigbee2mqtt");
            bridge.subscribe("zigbee2mqtt/#");
            bridge.publish("zigbee2mqtt/hallway-motion", "{\"occupancy\":true}");
            await().atMost(Duration.ofSeconds(5)).until(() -> bridge.received.stream()
                    .anyMatch(message -> message.toString().equals("zigbee2mqtt/living/lamp/set {\"state\":\"ON\"}")));
        }
    }
}
