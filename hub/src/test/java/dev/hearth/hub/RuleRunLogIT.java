package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A rule that runs many times a second logs a line a second, the next line counting the runs between: the log
 * stays readable, and the engine's thread does not write a line to stderr for each of 24,000 runs a second. Every
 * run is still counted, and in its trace.
 */
class RuleRunLogIT {
    private static final String RULES = """
            rules:
              - id: every-change
                mode: parallel
                when:
                  - state: bed-1.occupant
                then:
                  - variables: { seen: 1 }
            """;
    private static final Pattern SINCE = Pattern.compile("\\(and (\\d+) run\\(s\\) since the last line");

    @Test
    void aBusyRuleLogsALineASecondThatCountsTheRunsBetween(@TempDir Path folder) throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger engineLog = (Logger) LoggerFactory.getLogger("dev.hearth.rules.RuleEngine");
        engineLog.addAppender(log);
        try (HubFixture hub = HubFixture.startWithRules(folder, RULES, "rules-engine: { breaker-runs: 1000 }\n")) {
            MqttClient bed = RawMqtt.connect(hub.brokerUri(), "bed-raw", HubFixture.BED, HubFixture.BED_PASSWORD);
            try {
                // the first report gives the attribute a value and changes nothing: 39 changes, then "up"
                for (int i = 0; i < 40; i++) {
                    publish(bed, i % 2 == 0 ? "asleep" : "awake");
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> runLines(log).size() >= 1 && runsIn(runLines(log)) >= 1);
                Thread.sleep(1_100); // past the second of the last line: the next run is logged, with the count
                publish(bed, "up");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(runsIn(runLines(log))).as("%s", runLines(log)).isEqualTo(40));
                assertThat(runLines(log)).as("fewer lines than runs").hasSizeLessThan(40);
                assertThat(runLines(log).get(runLines(log).size() - 1)).contains("COMPLETED");
            } finally {
                RawMqtt.closeQuietly(bed);
            }
        } finally {
            engineLog.detachAppender(log);
        }
    }

    private static void publish(MqttClient bed, String occupant) throws Exception {
        bed.publish("devices/bed-1/state", ("{\"occupant\":\"" + occupant + "\"}").getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private static List<String> runLines(ListAppender<ILoggingEvent> log) {
        return List.copyOf(log.list).stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.startsWith("rule 'every-change' (")).toList();
    }

    /** Each line is a run, and says how many were not logged before it. */
    private static int runsIn(List<String> lines) {
        int runs = 0;
        for (String line : lines) {
            Matcher since = SINCE.matcher(line);
            runs += 1 + (since.find() ? Integer.parseInt(since.group(1)) : 0);
        }
        return runs;
    }
}
