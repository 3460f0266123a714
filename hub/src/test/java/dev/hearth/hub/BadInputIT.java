package dev.hearth.hub;

import static dev.hearth.hub.HubFixture.BED;
import static dev.hearth.hub.HubFixture.BED_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Bad payloads and bad rule files are refused with a message saying where, and the hub carries on. */
class BadInputIT extends SharedHub {

    @Test
    void nonJsonStateIsRejectedWithALogLineAndTheHubCarriesOn() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger ingestLogger = (Logger) LoggerFactory.getLogger("dev.hearth.hub.broker.PublishIngest");
        ingestLogger.addAppender(log);
        MqttClient bed = RawMqtt.connect(hub.brokerUri(), "bed-raw", BED, BED_PASSWORD);
        try {
            publishIgnoringRefusal(bed, "{\"occupant\":\"asleep\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> "asleep".equals(occupant()));

            publishIgnoringRefusal(bed, "occupant=awake");
            await().atMost(Duration.ofSeconds(5)).until(() -> log.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("device bed-1 on topic devices/bed-1/state")));
            assertThat(occupant()).isEqualTo("asleep");
            assertThat(bed.isConnected()).isTrue();

            publishIgnoringRefusal(bed, "[1, 2]");
            publishIgnoringRefusal(bed, "{\"occupant\":\"awake\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> "awake".equals(occupant()));
            assertThat(log.list).anyMatch(e -> e.getFormattedMessage().contains("expected a JSON object, got array"));
        } finally {
            ingestLogger.detachAppender(log);
            RawMqtt.closeQuietly(bed);
        }
    }

    @Test
    void aMalformedRulesFileIsReportedAndTheLastGoodRulesKeepRunning() throws Exception {
        assertThat(ruleIds()).containsExactly("morning-coffee");
        Path broken = hub.rulesFolder.resolve("broken.yaml");
        Files.writeString(broken, """
                rules:
                  - id: broken
                    when:
                      - state: bed-1.occupant
                        to: awake
                        for: ten seconds
                    then:
                      - command: coffee-1.brew
                """);
        await().atMost(Duration.ofSeconds(10)).until(() -> !hub.hub.rules().lastErrors().isEmpty());

        String error = hub.hub.rules().lastErrors().get(0).toString();
        assertThat(error).startsWith(broken + ":6:").contains("ten seconds");
        assertThat(ruleIds()).containsExactly("morning-coffee");
        JsonNode api = hub.getJson("/api/rules");
        assertThat(api.path("loadErrors").get(0).asText()).contains("broken.yaml:6:");
        assertThat(hub.get("/health").statusCode()).as("not ready while a rule is refused").isEqualTo(503);

        Files.delete(broken);
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.hub.rules().lastErrors().isEmpty());
        assertThat(ruleIds()).containsExactly("morning-coffee");
        assertThat(hub.get("/health").statusCode()).isEqualTo(200);
    }

    private java.util.List<String> ruleIds() {
        return hub.hub.rules().rules().rules().stream().map(dev.hearth.rules.Rule::id).toList();
    }

    private String occupant() {
        return hub.getJson("/api/devices/bed-1").path("state").path("occupant").asText(null);
    }

    private static void publishIgnoringRefusal(MqttClient client, String payload) {
        try {
            client.publish(Topics.state(BED), new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, null));
        } catch (MqttException refused) {
            // a PUBACK with "payload format invalid" may surface as an exception; the test checks the effect
        }
    }
}
