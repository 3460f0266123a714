package dev.hearth.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.device.testing.BrokerExtension;
import dev.hearth.device.testing.TestHubClient;
import dev.hearth.wire.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScenarioRunnerIT {
    @RegisterExtension
    static final BrokerExtension BROKER = new BrokerExtension(Map.of("locked-bed", "right-password"));

    private static ScheduledExecutorService scheduler;
    private final ScenarioLoader loader = new ScenarioLoader();

    @BeforeAll
    static void startScheduler() {
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stopScheduler() {
        scheduler.shutdownNow();
    }

    private ScenarioRunner runner() {
        return new ScenarioRunner(BROKER.uri(), scheduler, Clock.systemUTC());
    }

    @Test
    void theMorningCoffeeScenarioPassesWhenTheHubBrewsOnWaking() throws Exception {
        Scenario scenario = loader.load(Path.of("src/test/resources/scenarios/morning-coffee.yaml"));
        try (TestHubClient hub = TestHubClient.connect(BROKER.uri())
                .subscribe(Topics.state("bed-1")).subscribe(Topics.replies("coffee-1"))) {

            CompletableFuture<ScenarioReport> run = CompletableFuture.supplyAsync(() -> runner().run(scenario));
            // the test plays the hub's rule: when bed-1 reports awake, brew one cup
            await().until(() -> hub.payloadsOn(Topics.state("bed-1")).stream().anyMatch(s -> s.contains("awake")));
            hub.sendCommand("coffee-1", "brew", "{\"cups\":1}", "rule-1");

            ScenarioReport report = run.get(30, TimeUnit.SECONDS);
            assertThat(report.passed()).as(report.summary()).isTrue();
            assertThat(report.expectations()).singleElement().satisfies(e -> {
                assertThat(e.passed()).isTrue();
                assertThat(e.sentence()).startsWith("coffee-1 received 'brew' with {\"cups\":1} at ").endsWith("(within 5s of 200ms)");
            });
            assertThat(report.summary()).startsWith("scenario morning-coffee: PASSED (1/1 expectations met)\n  ok    coffee-1");
            await().untilAsserted(() -> assertThat(hub.repliesTo("rule-1")).singleElement()
                    .satisfies(r -> assertThat(r.payload()).isEqualTo("{\"ok\":true,\"result\":{\"cups\":1}}")));
        }
    }

    @Test
    void anExpectationNobodyMeetsFailsWithASentenceNamingIt() throws Exception {
        Scenario scenario = loader.parse("quiet.yaml", """
                name: quiet-morning
                devices:
                  - { id: bed-9, kind: bed, password: p }
                  - { id: coffee-9, kind: coffee-machine, password: p }
                steps:
                  - at: 0s
                    report: { device: bed-9, state: { occupant: awake } }
                  - at: 0s
                    expect: { device: coffee-9, receives: brew, within: 300ms }
                """);

        ScenarioReport report = runner().run(scenario);

        assertThat(report.passed()).isFalse();
        assertThat(report.errors()).isEmpty();
        assertThat(report.failures()).singleElement()
                .satisfies(e -> assertThat(e.sentence()).isEqualTo("coffee-9 did not receive 'brew' within 300ms of 0s"));
        assertThat(report.summary()).isEqualTo("""
                scenario quiet-morning: FAILED (0/1 expectations met)
                  FAIL  coffee-9 did not receive 'brew' within 300ms of 0s
                """);
    }

    @Test
    void aCommandWithOtherArgumentsDoesNotMeetTheExpectationAndTheSentenceSaysWhatCame() throws Exception {
        Scenario scenario = loader.parse("strong.yaml", """
                name: strong-coffee
                devices:
                  - { id: coffee-8, kind: coffee-machine, password: p, brew-time: 100ms }
                steps:
                  - at: 0s
                    expect: { device: coffee-8, receives: brew, args: { cups: 1 }, within: 1s }
                """);
        try (TestHubClient hub = TestHubClient.connect(BROKER.uri()).subscribe(Topics.status("coffee-8"))) {
            CompletableFuture<ScenarioReport> run = CompletableFuture.supplyAsync(() -> runner().run(scenario));
            await().until(() -> hub.payloadsOn(Topics.status("coffee-8")).contains("online"));
            hub.sendCommand("coffee-8", "brew", "{\"cups\":2}", "wrong-args");

            ScenarioReport report = run.get(30, TimeUnit.SECONDS);

            assertThat(report.passed()).isFalse();
            assertThat(report.failures()).singleElement().satisfies(e -> assertThat(e.sentence())
                    .startsWith("coffee-8 did not receive 'brew' with {\"cups\":1} within 1s of 0s (it received 'brew' with {\"cups\":2} at "));
        }
    }

    @Test
    void aDeviceTheBrokerRefusesIsAnErrorInTheReport() throws Exception {
        Scenario scenario = loader.parse("locked.yaml", """
                name: locked-out
                devices:
                  - { id: locked-bed, kind: bed, password: wrong }
                steps:
                  - at: 0s
                    report: { device: locked-bed, state: { occupant: awake } }
                """);

        ScenarioReport report = runner().run(scenario);

        assertThat(report.passed()).isFalse();
        assertThat(report.errors()).containsExactly("could not connect locked-bed: connection refused: bad user name or password");
        assertThat(report.summary()).contains("ERROR could not connect locked-bed");
    }
}
