package dev.hearth.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.device.testing.BrokerExtension;
import dev.hearth.device.testing.TestHubClient;
import dev.hearth.wire.Topics;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
    void stepsAfterTheLastExpectationArePlayedBeforeTheRunGivesUp() throws Exception {
        // The expectation is decided by 500ms, the last step comes at 2s: with a margin of 1s the
        // run used to give up at 1.5s ("did not finish"), before the step was even played.
        Scenario scenario = loader.parse("late-steps.yaml", """
                name: late-steps
                devices:
                  - { id: bed-8, kind: bed, password: p }
                steps:
                  - at: 0s
                    report: { device: bed-8, state: { occupant: awake } }
                  - at: 0s
                    expect: { device: bed-8, state: occupant, equals: awake, within: 500ms }
                  - at: 2s
                    report: { device: bed-8, state: { occupant: asleep } }
                """);
        try (TestHubClient hub = TestHubClient.connect(BROKER.uri()).subscribe(Topics.state("bed-8"))) {
            ScenarioReport report = runner().withMargin(java.time.Duration.ofSeconds(1)).run(scenario);

            assertThat(report.errors()).isEmpty();
            assertThat(report.passed()).as(report.summary()).isTrue();
            // asleep when it connects, awake at 0s, asleep again at 2s: the late step was played
            await().untilAsserted(() -> assertThat(hub.payloadsOn(Topics.state("bed-8")))
                    .filteredOn(s -> s.contains("asleep")).hasSize(2));
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

    @Test
    void aDroppedDeviceLeavesWithItsLastWillAndComesBackWithTheStateItHeld() throws Exception {
        Scenario scenario = loader.parse("drop.yaml", """
                name: power-cut
                devices:
                  - { id: bed-7, kind: bed, password: p }
                steps:
                  - at: 0s
                    offline: { device: bed-7 }
                  - at: 300ms
                    report: { device: bed-7, state: { occupant: awake } }
                  - at: 300ms
                    expect: { device: bed-7, state: occupant, equals: awake, within: 1s }
                  - at: 1s
                    online: { device: bed-7 }
                  - at: 4s
                    expect: { device: bed-7, state: occupant, equals: awake, within: 0s }
                """);
        try (TestHubClient hub = TestHubClient.connect(BROKER.uri()).subscribe(Topics.deviceFilter("bed-7"))) {
            ScenarioReport report = runner().run(scenario);

            assertThat(report.passed()).as(report.summary()).isTrue();
            assertThat(report.summary()).contains("ok    bed-7 occupant was \"awake\" at ");
            // online (connect), offline (the broker's last will: no goodbye), online again, offline (the run's clean close)
            await().untilAsserted(() -> assertThat(hub.payloadsOn(Topics.status("bed-7")))
                    .containsExactly("online", "offline", "online", "offline"));
            assertThat(hub.payloadsOn(Topics.state("bed-7"))).last().isEqualTo("{\"occupant\":\"awake\"}");
        }
    }

    @Test
    void aRestartSaysGoodbyeAndAMalformedPayloadGoesOutRaw() throws Exception {
        Scenario scenario = loader.parse("restart.yaml", """
                name: flaky-firmware
                devices:
                  - { id: door-7, kind: door-contact, password: p }
                steps:
                  - at: 0s
                    restart: { device: door-7 }
                  - at: 100ms
                    malformed: { device: door-7, topic-kind: state, payload: "not json" }
                """);
        try (TestHubClient hub = TestHubClient.connect(BROKER.uri()).subscribe(Topics.deviceFilter("door-7"))) {
            ScenarioReport report = runner().run(scenario);

            assertThat(report.passed()).as(report.summary()).isTrue();
            await().untilAsserted(() -> {
                assertThat(hub.payloadsOn(Topics.status("door-7"))).containsExactly("online", "offline", "online", "offline");
                assertThat(hub.payloadsOn(Topics.state("door-7"))).contains("{\"contact\":\"closed\"}", "not json");
            });
        }
    }

    @Test
    void theHubApiIsPolledWhenItsUrlIsGivenAndSkippedOtherwise() throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/api/devices/coffee-6", exchange -> {
            byte[] body = "{\"id\":\"coffee-6\",\"state\":{\"status\":\"brewing\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        Scenario scenario = loader.parse("api.yaml", """
                name: api-check
                devices:
                  - { id: coffee-6, kind: coffee-machine, password: p }
                steps:
                  - at: 0s
                    expect: { api: /api/devices/coffee-6, pointer: /state/status, equals: brewing, within: 2s }
                  - at: 0s
                    expect: { api: /api/devices/coffee-6, pointer: /state/status, equals: idle, within: 300ms }
                """);
        try {
            ScenarioReport report = runner().withHubApi(URI.create("http://127.0.0.1:" + api.getAddress().getPort())).run(scenario);
            ScenarioReport without = runner().run(scenario);

            assertThat(report.expectations()).extracting(ExpectationResult::verdict)
                    .containsExactly(ExpectationResult.Verdict.PASSED, ExpectationResult.Verdict.FAILED);
            assertThat(report.failures()).singleElement().satisfies(e -> assertThat(e.sentence())
                    .startsWith("GET /api/devices/coffee-6 did not show \"idle\" at /state/status within 300ms of 0s (it was \"brewing\" from "));
            assertThat(without.passed()).isTrue();
            assertThat(without.expectations()).extracting(ExpectationResult::verdict)
                    .isEqualTo(List.of(ExpectationResult.Verdict.SKIPPED, ExpectationResult.Verdict.SKIPPED));
            assertThat(without.summary()).contains("SKIP  GET /api/devices/coffee-6 shows \"brewing\" at /state/status within 2s of 0s: skipped, no hub HTTP URL was given");
        } finally {
            api.stop(0);
        }
    }
}
