package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.device.Bed;
import dev.hearth.simulator.device.CoffeeMachine;
import dev.hearth.simulator.device.ReceivedCommand;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spine, end to end through the real parts: a simulated bed and coffee machine on the hub's
 * embedded broker, the deploy/ morning-coffee rule, and the HTTP API.
 */
class MorningCoffeeIT {
    @TempDir
    Path folder;
    private HubFixture hub;
    private ScheduledExecutorService deviceThreads;

    @BeforeEach
    void startHub() throws Exception {
        hub = HubFixture.start(folder);
        deviceThreads = Executors.newScheduledThreadPool(2);
    }

    @AfterEach
    void stopHub() {
        deviceThreads.shutdownNow();
        hub.close();
    }

    @Test
    void theBedWakingUpMakesTheCoffeeMachineBrew() {
        SimulationContext context = new SimulationContext(hub.brokerUri(), deviceThreads, Clock.systemUTC());
        try (Bed bed = new Bed("bed-1", BED_PASSWORD, context);
             CoffeeMachine coffee = new CoffeeMachine("coffee-1", COFFEE_PASSWORD, context, Duration.ofMinutes(1))) {
            coffee.connect();
            bed.connect();
            bed.fallAsleep();
            await().atMost(Duration.ofSeconds(5)).until(() -> "asleep".equals(state("bed-1").path("occupant").asText()));
            assertThat(hub.getJson("/api/devices/bed-1").path("availability").asText()).isEqualTo("online");

            bed.wakeUp();

            await().atMost(Duration.ofSeconds(10)).until(() -> !coffee.receivedCommands().isEmpty());
            ReceivedCommand brew = coffee.receivedCommands().get(0);
            assertThat(brew.name()).isEqualTo("brew");
            assertThat(brew.args().path("cups").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> "brewing".equals(state("coffee-1").path("status").asText()));
            // "completed" means every command of the run got an ok reply from its device
            await().atMost(Duration.ofSeconds(5)).until(() -> "completed".equals(lastRun().path("outcome").asText()));
            assertThat(lastRun().path("trigger").asText()).contains("bed-1.occupant");
            assertThat(coffee.receivedCommands()).as("the rule fires once per wake-up").hasSize(1);

            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/rules/morning-coffee/traces").size() > 0);
            JsonNode trace = hub.getJson("/api/rules/morning-coffee/traces").get(0);
            assertThat(trace.path("outcome").asText()).isEqualTo("completed");
            assertThat(trace.path("triggerValues").toString()).contains("awake");
            assertThat(trace.path("steps").findValuesAsText("what")).anyMatch(what -> what.contains("coffee-1.brew"));
            assertThat(hub.getJson("/api/traces?device=coffee-1").get(0).path("runId").asText())
                    .isEqualTo(trace.path("runId").asText());
        }
    }

    @Test
    void aDisabledRuleDoesNotRunUntilEnabledAgain() {
        SimulationContext context = new SimulationContext(hub.brokerUri(), deviceThreads, Clock.systemUTC());
        try (Bed bed = new Bed("bed-1", BED_PASSWORD, context);
             CoffeeMachine coffee = new CoffeeMachine("coffee-1", COFFEE_PASSWORD, context, Duration.ofMillis(100))) {
            coffee.connect();
            bed.connect();
            assertThat(hub.send("POST", "/api/rules/morning-coffee/disable", null, hub.readToken).statusCode()).isEqualTo(403);
            assertThat(hub.send("POST", "/api/rules/morning-coffee/disable", null, hub.adminToken).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> !hub.getJson("/api/rules/morning-coffee").path("enabled").asBoolean());
            bed.fallAsleep();
            bed.wakeUp();
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
            assertThat(coffee.receivedCommands()).isEmpty();

            hub.send("POST", "/api/rules/morning-coffee/enable", null, hub.adminToken);
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/rules/morning-coffee").path("enabled").asBoolean());
            bed.fallAsleep();
            bed.wakeUp();
            await().atMost(Duration.ofSeconds(10)).until(() -> !coffee.receivedCommands().isEmpty());
            assertThat(hub.get("/api/rules/no-such-rule").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void wakingForLessThanTheRulesForDurationBrewsNothing() {
        SimulationContext context = new SimulationContext(hub.brokerUri(), deviceThreads, Clock.systemUTC());
        try (Bed bed = new Bed("bed-1", BED_PASSWORD, context);
             CoffeeMachine coffee = new CoffeeMachine("coffee-1", COFFEE_PASSWORD, context)) {
            coffee.connect();
            bed.connect();
            bed.fallAsleep();
            bed.wakeUp();
            bed.fallAsleep();
            await().atMost(Duration.ofSeconds(5)).until(() -> "asleep".equals(state("bed-1").path("occupant").asText()));
            // The rule needs 2 s of "awake": give it longer than that to (wrongly) fire.
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
            assertThat(coffee.receivedCommands()).isEmpty();
        }
    }

    @Test
    void aRuleRunsOrDryRunsOnRequestFromTheApi() {
        SimulationContext context = new SimulationContext(hub.brokerUri(), deviceThreads, Clock.systemUTC());
        try (CoffeeMachine coffee = new CoffeeMachine("coffee-1", COFFEE_PASSWORD, context, Duration.ofMillis(100))) {
            coffee.connect();
            assertThat(hub.send("POST", "/api/rules/morning-coffee/dry-run", null, hub.adminToken).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.getJson("/api/rules/morning-coffee/traces").size() == 1);
            JsonNode dry = hub.getJson("/api/rules/morning-coffee/traces").get(0);
            assertThat(dry.path("steps").findValuesAsText("result")).anyMatch(result -> result.contains("would have sent brew"));
            assertThat(coffee.receivedCommands()).isEmpty();

            assertThat(hub.send("POST", "/api/rules/morning-coffee/run", null, hub.adminToken).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(5)).until(() -> !coffee.receivedCommands().isEmpty());
            assertThat(hub.send("POST", "/api/rules/morning-coffee/run", null, hub.readToken).statusCode()).isEqualTo(403);
            assertThat(hub.send("POST", "/api/rules/nope/run", null, hub.adminToken).statusCode()).isEqualTo(404);
        }
    }

    private JsonNode state(String device) {
        return hub.getJson("/api/devices/" + device).path("state");
    }

    private JsonNode lastRun() {
        return hub.getJson("/api/rules").path("rules").get(0).path("lastRun");
    }
}
