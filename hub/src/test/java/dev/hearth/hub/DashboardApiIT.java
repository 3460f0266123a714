package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.device.CoffeeMachine;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** What the dashboard needs from the hub: the page itself, the token's role, recent commands, rule sources. */
class DashboardApiIT extends SharedHub {

    @Test
    void theDashboardIsServedOpenlyAtTheRootWhileTheApiStillWantsATokenAndAnswersJson() {
        HttpResponse<String> page = hub.send("GET", "/", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).contains("text/html"));
        assertThat(page.body()).contains("<title>Hearth</title>").containsPattern("assets/index-[\\w-]+\\.js");

        assertThat(hub.send("GET", "/api/devices", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = hub.send("GET", "/api/no-such-endpoint", null, hub.readToken);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        assertThat(hub.send("GET", "/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void whoamiTellsTheTokensRole() {
        assertThat(hub.getJson("/api/whoami").path("role").asText()).isEqualTo("admin");
        assertThat(hub.getJson("/api/whoami").path("canAct").asBoolean()).isTrue();
        JsonNode reader = HubFixture.json(hub.send("GET", "/api/whoami", null, hub.readToken));
        assertThat(reader.path("role").asText()).isEqualTo("read-only");
        assertThat(reader.path("canAct").asBoolean()).isFalse();
        assertThat(hub.send("GET", "/api/whoami", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aDeviceKeepsItsRecentCommandsAndTheirReplies() {
        ScheduledExecutorService threads = Executors.newScheduledThreadPool(1);
        try (CoffeeMachine coffee = new CoffeeMachine("coffee-1", COFFEE_PASSWORD,
                new SimulationContext(hub.brokerUri(), threads, Clock.systemUTC()), Duration.ofSeconds(30))) {
            coffee.connect();
            hub.send("POST", "/api/devices/coffee-1/commands/brew", "{\"cups\":2}", hub.adminToken);
            hub.send("POST", "/api/devices/coffee-1/commands/brew", "{}", hub.adminToken); // refused: already brewing
        } finally {
            threads.shutdownNow();
        }

        JsonNode recent = hub.getJson("/api/devices/coffee-1/commands");
        assertThat(recent).hasSize(2);
        assertThat(recent.get(0).path("outcome").asText()).isEqualTo("error");
        assertThat(recent.get(0).path("error").asText()).contains("already brewing");
        assertThat(recent.get(1).path("outcome").asText()).isEqualTo("ok");
        assertThat(recent.get(1).path("args").path("cups").asInt()).isEqualTo(2);
        assertThat(recent.get(1).path("result").path("cups").asInt()).isEqualTo(2);
        assertThat(recent.get(1).path("sentBy").asText()).isEqualTo("api");
        assertThat(recent.get(1).has("latencyMillis")).isTrue();

        assertThat(hub.send("GET", "/api/devices/coffee-1/commands", null, hub.readToken).statusCode()).isEqualTo(200);
        assertProblem(hub.get("/api/devices/nobody/commands"), 404, "no device 'nobody'");
    }

    @Test
    void aRuleComesWithItsYamlText() {
        JsonNode rule = hub.getJson("/api/rules/morning-coffee");
        assertThat(rule.path("yaml").asText())
                .startsWith("- id: morning-coffee\n  description:")
                .contains("state: bed-1.occupant", "command: coffee-1.brew");
        assertThat(hub.getJson("/api/rules").path("rules").get(0).has("yaml")).as("the list stays short").isFalse();
        assertProblem(hub.get("/api/rules/no-such-rule"), 404, "no rule 'no-such-rule'");
        assertProblem(hub.send("POST", "/api/rules/morning-coffee/disable", null, hub.readToken), 403, "read-only");
    }

    @Test
    void theOpenApiDocumentListsTheNewEndpoints() {
        String document = hub.send("GET", "/openapi.yml", null, null).body();
        assertThat(document).contains("/api/whoami:", "/api/devices/{id}/commands:");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        assertThat(HubFixture.json(response).path("detail").asText()).contains(detail);
    }
}
