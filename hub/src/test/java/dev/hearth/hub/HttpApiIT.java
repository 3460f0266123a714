package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.device.CoffeeMachine;
import dev.hearth.wire.Topics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/** The HTTP API through real HTTP and real MQTT: tokens and roles, provisioning, commands, bad input. */
class HttpApiIT extends SharedHub {

    @Test
    void theApiNeedsATokenButHealthDoesNot() {
        HttpResponse<String> anonymous = hub.send("GET", "/api/devices", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(anonymous.body()).contains("a valid API token is required");
        assertThat(hub.send("GET", "/api/devices", null, "hth_not-a-real-token").statusCode()).isEqualTo(401);
        assertThat(hub.send("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(hub.send("GET", "/health/live", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = hub.send("GET", "/health/ready", null, null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(HubFixture.json(ready).path("checks").path("database").asText()).isEqualTo("UP");
        assertThat(hub.send("GET", "/api/devices", null, hub.readToken).statusCode()).isEqualTo(200);
    }

    @Test
    void aReadOnlyTokenCannotAct() {
        HttpResponse<String> refused = hub.send("POST", "/api/devices", "{\"id\":\"lamp-9\"}", hub.readToken);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("read-only");
        assertThat(hub.send("GET", "/api/devices/lamp-9", null, hub.adminToken).statusCode()).isEqualTo(404);
    }

    @Test
    void badBodiesAreA400NamingTheProblem() {
        assertProblem(hub.send("POST", "/api/devices", "{\"id\": ", hub.adminToken), 400, "not valid JSON");
        assertProblem(hub.send("POST", "/api/devices", "[1]", hub.adminToken), 400, "must be a JSON object");
        assertProblem(hub.send("POST", "/api/devices", "{\"type\":\"lamp\"}", hub.adminToken), 400, "field 'id' is required");
        assertProblem(hub.send("POST", "/api/devices", "{\"id\":5}", hub.adminToken), 400, "field 'id' must be a string");
        assertProblem(hub.send("POST", "/api/devices", "{\"id\":\"a/b\"}", hub.adminToken), 400, "invalid device id 'a/b'");
        assertProblem(hub.get("/api/devices/bed-1/history"), 400, "'attribute' is required");
        assertProblem(hub.get("/api/devices/bed-1/history?attribute=x&from=yesterday"), 400, "'from' must be an ISO-8601 instant");
        assertProblem(hub.get("/api/devices/bed-1/history?attribute=x&bucket=fortnight"), 400, "'bucket' must be a width");
        assertProblem(hub.send("POST", "/api/devices/nobody/disable", null, hub.adminToken), 404, "no provisioned device 'nobody'");
        assertProblem(hub.send("POST", "/api/devices/nobody/commands/brew", "{}", hub.adminToken), 404, "no device 'nobody'");
    }

    @Test
    void aProvisionedDeviceConnectsAndLosesAccessWhenDisabledOrRotated() throws Exception {
        HttpResponse<String> created = hub.send("POST", "/api/devices", "{\"id\":\"lamp-1\",\"type\":\"lamp\"}", hub.adminToken);
        assertThat(created.statusCode()).isEqualTo(201);
        String password = HubFixture.json(created).path("password").asText();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertProblem(hub.send("POST", "/api/devices", "{\"id\":\"lamp-1\"}", hub.adminToken), 409, "exists already");

        MqttClient lamp = RawMqtt.connect(hub.brokerUri(), "lamp-1", "lamp-1", password);
        lamp.publish(Topics.state("lamp-1"), new MqttMessage("{\"on\":true}".getBytes(StandardCharsets.UTF_8), 1, true, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/devices/lamp-1").path("state").path("on").asBoolean());

        assertThat(hub.send("POST", "/api/devices/lamp-1/disable", null, hub.adminToken).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> !lamp.isConnected());
        assertThat(hub.getJson("/api/devices/lamp-1").path("availability").asText()).isEqualTo("offline");
        assertThatThrownBy(() -> RawMqtt.connect(hub.brokerUri(), "lamp-1", "lamp-1", password)).isInstanceOf(MqttException.class);

        hub.send("POST", "/api/devices/lamp-1/enable", null, hub.adminToken);
        String rotated = HubFixture.json(hub.send("POST", "/api/devices/lamp-1/rotate", null, hub.adminToken)).path("password").asText();
        RawMqtt.closeQuietly(RawMqtt.connect(hub.brokerUri(), "lamp-1", "lamp-1", rotated));
        assertThatThrownBy(() -> RawMqtt.connect(hub.brokerUri(), "lamp-1", "lamp-1", password)).isInstanceOf(MqttException.class);
        RawMqtt.closeQuietly(lamp);
    }

    @Test
    void aDeviceOfTheConfigIsRefusedWithWhereToChangeIt() throws Exception {
        String refusal = "coffee-1 is defined in " + hub.config.toAbsolutePath().normalize() + "; change it there";
        assertProblem(hub.send("POST", "/api/devices", "{\"id\":\"coffee-1\"}", hub.adminToken), 409, refusal);
        for (String action : new String[] {"disable", "enable", "rotate"}) {
            assertProblem(hub.send("POST", "/api/devices/coffee-1/" + action, null, hub.adminToken), 409, refusal);
        }
        // nothing changed: the config password still lets it in, and the database has no coffee-1
        RawMqtt.closeQuietly(RawMqtt.connect(hub.brokerUri(), "coffee-config", "coffee-1", COFFEE_PASSWORD));
        assertThat(hub.hub.services().deviceRepository().find("coffee-1")).isEmpty();
    }

    @Test
    void aCommandSentThroughTheApiAnswersWithTheDevicesReply() {
        ScheduledExecutorService threads = Executors.newScheduledThreadPool(1);
        try (CoffeeMachine coffee = new CoffeeMachine("coffee-1", COFFEE_PASSWORD,
                new SimulationContext(hub.brokerUri(), threads, Clock.systemUTC()), Duration.ofSeconds(30))) {
            coffee.connect();
            HttpResponse<String> reply = hub.send("POST", "/api/devices/coffee-1/commands/brew", "{\"cups\":2}", hub.adminToken);
            assertThat(reply.statusCode()).isEqualTo(200);
            JsonNode body = HubFixture.json(reply);
            assertThat(body.path("ok").asBoolean()).isTrue();
            assertThat(coffee.receivedCommands()).singleElement().satisfies(c -> assertThat(c.args().path("cups").asInt()).isEqualTo(2));

            HttpResponse<String> busy = hub.send("POST", "/api/devices/coffee-1/commands/brew", null, hub.adminToken);
            assertThat(HubFixture.json(busy).path("ok").asBoolean()).isFalse();
            assertThat(HubFixture.json(busy).path("error").asText()).contains("already brewing");
        } finally {
            threads.shutdownNow();
        }
        assertProblem(hub.send("POST", "/api/devices/bed-1/commands/brew?timeout=300ms", "{}", hub.adminToken),
                504, "bed-1 did not connect (and subscribe to its commands) within 300 ms");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        assertThat(HubFixture.json(response).path("detail").asText()).contains(detail);
    }
}
