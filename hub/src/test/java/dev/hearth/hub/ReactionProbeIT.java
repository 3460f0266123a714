package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static dev.hearth.hub.HubFixture.COFFEE;
import static dev.hearth.hub.HubFixture.COFFEE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.simulator.load.Credentials;
import dev.hearth.simulator.load.ReactionProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hearth simulate --reaction` against a real hub: every round times a real rule run, device to device. */
class ReactionProbeIT {
    @TempDir
    Path folder;

    @Test
    void everyRoundIsTimedThroughTheRuleAndNoneIsMissedWhileTheRuleIsThere() throws Exception {
        try (HubFixture hub = HubFixture.start(folder)) {
            Files.writeString(hub.rulesFolder.resolve("morning-coffee.yaml"), """
                    rules:
                      - id: reaction
                        mode: parallel
                        when:
                          - state: bed-1.occupant
                            to: awake
                        then:
                          - command: coffee-1.brew
                    """);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> hub.getJson("/api/rules").toString().contains("\"reaction\""));

            ReactionProbe.Report timed = probe(hub, Duration.ofSeconds(5)).run();
            assertThat(timed.missed()).isZero();
            assertThat(timed.p50()).isPresent();
            assertThat(timed.max().orElseThrow()).isGreaterThanOrEqualTo(timed.p50().orElseThrow());
            assertThat(hub.getJson("/api/rules/reaction/traces")).hasSize(5);

            Files.delete(hub.rulesFolder.resolve("morning-coffee.yaml"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !hub.getJson("/api/rules").toString().contains("\"reaction\""));
            ReactionProbe.Report unanswered = probe(hub, Duration.ofMillis(300)).run();
            assertThat(unanswered.missed()).as("no rule, no command: every round is missed").isEqualTo(5);
            assertThat(unanswered.p50()).isEmpty();
        }
    }

    private static ReactionProbe probe(HubFixture hub, Duration timeout) {
        return new ReactionProbe(hub.brokerUri(), new Credentials(BED, BED_PASSWORD), new Credentials(COFFEE, COFFEE_PASSWORD),
                5, Duration.ofMillis(20), timeout);
    }
}
