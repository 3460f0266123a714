package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.COFFEE;
import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.Test;

/**
 * A command for a device that is away (a sleepy device, or every device just after the hub
 * started, when missed timers fire) waits for it, within its timeout, and goes out once the device
 * has connected and subscribed to its commands; the trace says it waited. The device is a plain
 * MQTT 5 client with a clean session: the broker holds nothing for it while it is away.
 */
class CommandWaitsForDeviceIT extends SharedHub {

    @Test
    void aCommandSentWhileTheDeviceIsAwayReachesItWhenItComesBack() throws Exception {
        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() ->
                hub.send("POST", "/api/devices/coffee-1/commands/brew?timeout=15s", "{\"cups\":2}", hub.adminToken));
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.metric("hearth_commands_pending") == 1);

        List<String> received = new CopyOnWriteArrayList<>();
        MqttAsyncClient coffee = RawMqtt.connectAsync(hub.brokerUri(), "coffee-late", COFFEE, COFFEE_PASSWORD);
        try {
            RawMqtt.answerEveryCommand(coffee, 0, received::add);
            assertThat(received).as("connected, not yet subscribed: nothing can reach it").isEmpty();
            coffee.subscribe("devices/coffee-1/commands/#", 1).waitForCompletion(5_000);

            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(HubFixture.json(response).path("ok").asBoolean()).isTrue();
            assertThat(received).containsExactly("devices/coffee-1/commands/brew {\"cups\":2}");
        } finally {
            RawMqtt.closeQuietly(coffee);
        }
    }

    @Test
    void aRuleRunSaysItsCommandWaitedForTheDevice() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() ->
                !"online".equals(hub.getJson("/api/devices/coffee-1").path("availability").asText()));
        assertThat(hub.send("POST", "/api/rules/morning-coffee/run", null, hub.adminToken).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.metric("hearth_commands_pending") == 1);

        List<String> received = new CopyOnWriteArrayList<>();
        MqttAsyncClient coffee = RawMqtt.connectAsync(hub.brokerUri(), "coffee-back", COFFEE, COFFEE_PASSWORD);
        try {
            RawMqtt.answerEveryCommand(coffee, 0, received::add);
            coffee.subscribe("devices/coffee-1/commands/#", 1).waitForCompletion(5_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.getJson("/api/rules/morning-coffee/traces").size() > 0
                    && hub.getJson("/api/rules/morning-coffee/traces").get(0).path("outcome").asText().equals("completed"));
            assertThat(hub.getJson("/api/rules/morning-coffee/traces").get(0).path("steps").findValuesAsText("result"))
                    .anyMatch(result -> result.contains("replied ok") && result.contains("sent once the device connected"));
            assertThat(received).hasSize(1);
        } finally {
            RawMqtt.closeQuietly(coffee);
        }
    }
}
