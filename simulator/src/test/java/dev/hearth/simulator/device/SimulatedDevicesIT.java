package dev.hearth.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.device.testing.BrokerExtension;
import dev.hearth.device.testing.TestHubClient;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SimulatedDevicesIT {
    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension();

    private static ScheduledExecutorService scheduler;

    @BeforeAll
    static void startScheduler() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopScheduler() {
        scheduler.shutdownNow();
    }

    private static SimulationContext context() {
        return new SimulationContext(BROKER.uri(), scheduler, Clock.systemUTC());
    }

    private static JsonNode json(String text) throws Exception {
        return WireJson.mapper().readTree(text);
    }

    private static CommandReply reply(TestHubClient hub, String correlation) throws Exception {
        return WireJson.mapper().readValue(hub.repliesTo(correlation).get(0).payload(), CommandReply.class);
    }

    @Test
    void aCoffeeMachineRepliesAtOnceThenBrewsThenIdlesAndRemembersTheCommand() throws Exception {
        try (TestHubClient hub = TestHubClient.connect(BROKER.uri()).subscribe(Topics.deviceFilter("coffee-s1"));
             CoffeeMachine coffee = new CoffeeMachine("coffee-s1", "pw", context(), Duration.ofMillis(300))) {
            coffee.connect();
            Instant before = Instant.now();

            hub.sendCommand("coffee-s1", "brew", "{\"cups\":2}", "b-1");

            await().untilAsserted(() -> {
                assertThat(hub.repliesTo("b-1")).hasSize(1);
                assertThat(reply(hub, "b-1")).isEqualTo(CommandReply.success(json("{\"cups\":2}")));
                assertThat(hub.payloadsOn(Topics.state("coffee-s1"))).extracting(SimulatedDevicesIT::json).containsExactly(
                        json("{\"status\":\"idle\"}"), json("{\"status\":\"brewing\"}"), json("{\"status\":\"idle\"}"));
            });
            assertThat(coffee.receivedCommands()).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("brew");
                assertThat(c.args()).isEqualTo(json("{\"cups\":2}"));
                assertThat(c.at()).isAfterOrEqualTo(before);
            });
            DeviceMeta meta = DeviceMeta.parse(hub.on(Topics.meta("coffee-s1")).get(0).payload().getBytes());
            assertThat(meta.commands()).containsExactly("brew");
            assertThat(meta.command("brew").flatMap(brew -> brew.arg("cups")).map(AttributeMeta::type)).contains(AttributeType.INTEGER);
        }
    }

    @Test
    void aCoffeeMachineRefusesBadCupsAndASecondBrewWhileBrewing() throws Exception {
        try (TestHubClient hub = TestHubClient.connect(BROKER.uri()).subscribe(Topics.replies("coffee-s2"));
             CoffeeMachine coffee = new CoffeeMachine("coffee-s2", "pw", context(), Duration.ofMinutes(1))) {
            coffee.connect();

            hub.sendCommand("coffee-s2", "brew", "{\"cups\":0}", "zero");
            hub.sendCommand("coffee-s2", "brew", "{\"cups\":\"many\"}", "text");
            hub.sendCommand("coffee-s2", "brew", "", "first");
            hub.sendCommand("coffee-s2", "brew", "{}", "second");

            await().untilAsserted(() -> assertThat(hub.received()).hasSize(4));
            assertThat(reply(hub, "zero")).isEqualTo(CommandReply.failure("cups must be a whole number of at least 1, was 0"));
            assertThat(reply(hub, "text")).isEqualTo(CommandReply.failure("cups must be a whole number of at least 1, was \"many\""));
            assertThat(reply(hub, "first")).isEqualTo(CommandReply.success(json("{\"cups\":1}")));
            assertThat(reply(hub, "second")).isEqualTo(CommandReply.failure("already brewing"));
            assertThat(coffee.receivedCommands()).hasSize(4);
        }
    }

    @Test
    void aBedStartsAsleepAndReportsWakingUp() throws Exception {
        try (TestHubClient hub = TestHubClient.connect(BROKER.uri()).subscribe(Topics.state("bed-s1"));
             Bed bed = new Bed("bed-s1", "pw", context())) {
            bed.connect();
            bed.wakeUp();

            await().untilAsserted(() -> assertThat(hub.payloadsOn(Topics.state("bed-s1"))).extracting(SimulatedDevicesIT::json)
                    .containsExactly(json("{\"occupant\":\"asleep\"}"), json("{\"occupant\":\"awake\"}")));
            assertThat(bed.state()).isEqualTo(json("{\"occupant\":\"awake\"}"));
            assertThat(bed.receivedCommands()).isEqualTo(List.of());
        }
    }
}
