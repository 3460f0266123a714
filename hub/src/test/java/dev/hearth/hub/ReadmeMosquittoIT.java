package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's "act as a device with any MQTT client" example, run as written with the Mosquitto
 * clients (Debian's mosquitto-clients, which .ci/run installs) against a hub with the deploy/
 * morning-coffee rule: each mosquitto_pub is its own connection that never publishes a status,
 * the plainest device there is. The lines are read from the README, so the example cannot drift.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeMosquittoIT {
    private HubFixture hub;
    private List<String> subscriber;
    private List<String> publishes;

    @BeforeAll
    void startHubAndSubscriber(@TempDir Path folder) throws Exception {
        hub = HubFixture.start(folder);
        List<String> lines = readmeExample();
        subscriber = lines.stream().filter(line -> line.startsWith("mosquitto_sub ")).toList();
        publishes = lines.stream().filter(line -> line.startsWith("mosquitto_pub ")).toList();
        assertThat(subscriber).hasSize(1);
        assertThat(publishes).hasSize(2);
    }

    @AfterAll
    void stopHub() {
        hub.close();
    }

    @ParameterizedTest(name = "subscriber and bed at QoS {0}")
    @ValueSource(ints = {0, 1})
    void theSubscriberPrintsTheBrewTwoSecondsAfterTheBedWakesUp(int qos) throws Exception {
        Process sub = ReadmeExamples.shell(withQos(subscriber.get(0), qos));
        List<String> printed = ReadmeExamples.printedBy(sub);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.metric("hearth_devices_connected") >= 1);
            for (int round = 1; round <= 2; round++) {
                int before = printed.size();
                for (String publish : publishes) {
                    Process pub = ReadmeExamples.shell(withQos(publish, qos));
                    assertThat(pub.waitFor(10, TimeUnit.SECONDS)).isTrue();
                    assertThat(pub.exitValue()).as(publish).isZero();
                }
                int expected = before + 1;
                await("round " + round + ": the brew").atMost(Duration.ofSeconds(8)).until(() -> printed.size() >= expected);
                assertThat(printed.get(before)).isEqualTo("devices/coffee-1/commands/brew {\"cups\":1}");
                // mosquitto_sub does not reply: the run (mode single) ends at the command's timeout
                await().atMost(Duration.ofSeconds(10)).until(() -> hub.metric("hearth_commands_pending") == 0);
            }
        } finally {
            sub.destroy();
            sub.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The README's lines, pointed at this hub: its port and the fixture's passwords. */
    private String withQos(String line, int qos) {
        return line.replace("-p 1883", "-p " + hub.hub.mqttPort())
                .replace("bed-1-example", HubFixture.BED_PASSWORD)
                .replace("coffee-1-example", HubFixture.COFFEE_PASSWORD)
                + " -q " + qos;
    }

    private static List<String> readmeExample() throws Exception {
        String readme = Files.readString(HubFixture.repositoryFile("README.md"));
        int section = readme.indexOf("### Act as a device with any MQTT client");
        int start = readme.indexOf("```sh", section) + "```sh".length();
        return ReadmeExamples.commands(readme.substring(start, readme.indexOf("```", start)));
    }
}
