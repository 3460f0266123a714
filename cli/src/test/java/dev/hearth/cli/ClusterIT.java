package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.cluster.KafkaBroker;
import dev.hearth.hub.HubFixture;
import dev.hearth.hub.RawMqtt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster end to end through its real parts: a KRaft broker, `hearth worker` in a JVM of its own (creating the
 * topics), a hub in cluster mode, and devices that are plain Paho clients. A motion sensor held on for the rule's
 * {@code for:} gets its light switched on once, by the worker; one that goes back before gets nothing; the light's
 * reply reaches the worker, whose rule then goes on to its next step.
 */
class ClusterIT {
    private static final String RULES = """
            rules:
              - id: hallway-light-1
                when:
                  - state: motion-1.occupancy
                    to: true
                    for: 2s
                then:
                  - command: light-1.turn_on
                    timeout: 5s
                  - command: light-1.set_level
                    args: { level: 80 }
                    timeout: 5s
              - id: hallway-light-2
                when:
                  - state: motion-2.occupancy
                    to: true
                    for: 2s
                then:
                  - command: light-2.turn_on
                    timeout: 5s
                  - command: light-2.set_level
                    args: { level: 80 }
                    timeout: 5s
            """;

    @TempDir
    Path folder;

    @Test
    void aHoldOnOneHubIsActedOnByAWorkerOnceAndTheReplyLetsTheRuleGoOn() throws Exception {
        Files.createDirectories(folder.resolve("rules"));
        Files.writeString(folder.resolve("rules/hallway.yaml"), RULES);
        try (KafkaBroker kafka = KafkaBroker.start(folder.resolve("kafka"))) {
            Path workerLog = folder.resolve("worker.log");
            Process worker = HearthProcess.start(workerLog, "worker", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--rules", folder.resolve("rules").toString(), "--state-dir", folder.resolve("worker").toString(),
                    "--partitions", "3");
            try {
                await("the worker created the topics and runs").atMost(Duration.ofSeconds(60))
                        .until(() -> Files.readString(workerLog).contains("Hearth worker started")
                                && Files.readString(workerLog).contains("REBALANCING -> RUNNING"));
                assertThat(Files.readString(workerLog)).contains("created [hearth.events, hearth.commands, hearth.traces] with 3 partitions");
                Path config = HearthProcess.writeConfig(folder.resolve("hub"), HearthProcess.freePort(), HearthProcess.freePort(),
                        List.of("motion-1", "motion-2", "light-1", "light-2"));
                Files.writeString(config, Files.readString(config) + "cluster: { bootstrap-servers: \""
                        + kafka.bootstrapServers() + "\", hub-id: hub-a, site: home-1 }\n");
                try (HubFixture hub = HubFixture.startFrom(config)) {
                    Queue<String> light1 = new ConcurrentLinkedQueue<>();
                    Queue<String> light2 = new ConcurrentLinkedQueue<>();
                    MqttAsyncClient lamp1 = light(hub, "light-1", light1);
                    MqttAsyncClient lamp2 = light(hub, "light-2", light2);
                    MqttClient motion1 = RawMqtt.connect(hub.brokerUri(), "motion-1", "motion-1", "motion-1-secret");
                    MqttClient motion2 = RawMqtt.connect(hub.brokerUri(), "motion-2", "motion-2", "motion-2-secret");
                    try {
                        report(motion1, "motion-1", false);
                        report(motion2, "motion-2", false);
                        report(motion1, "motion-1", true);
                        report(motion2, "motion-2", true);
                        Thread.sleep(1_000); // motion-2 goes back within its hold; nothing to wait for on the bus
                        report(motion2, "motion-2", false);

                        await("the held sensor's light switched on, then set, by the worker").atMost(Duration.ofSeconds(20))
                                .until(() -> light1.size() >= 2);
                        assertThat(light1).containsExactly(
                                "devices/light-1/commands/turn_on {}", "devices/light-1/commands/set_level {\"level\":80}");
                        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                                .until(() -> light1.size() == 2 && light2.isEmpty());
                    } finally {
                        List.of(motion1, motion2).forEach(RawMqtt::closeQuietly);
                        List.of(lamp1, lamp2).forEach(RawMqtt::closeQuietly);
                    }
                }
            } finally {
                worker.destroy();
                worker.waitFor();
            }
            assertThat(Files.readString(workerLog)).contains("Hearth worker stopped");
        }
    }

    @Test
    void aWorkerWithoutItsKafkaOrWithRulesThatDoNotLoadStopsSayingWhy() throws Exception {
        HearthProcess.Result noKafka = HearthProcess.run(Map.of(), "worker", "--rules", folder.toString());
        assertThat(noKafka.exitCode()).isEqualTo(2);
        assertThat(noKafka.stderr()).contains("Missing required option: '--bootstrap-servers");

        Path bad = Files.writeString(folder.resolve("bad.yaml"), """
                rules:
                  - id: broken
                    when: [ { state: motion-1.occupancy, to: true, for: soon } ]
                    then: [ { command: light-1.turn_on } ]
                """);
        HearthProcess.Result badRules = HearthProcess.run(Map.of("HEARTH_CLUSTER_BOOTSTRAP_SERVERS", "127.0.0.1:9"),
                "worker", "--rules", bad.toString(), "--state-dir", folder.resolve("state").toString());
        assertThat(badRules.exitCode()).isEqualTo(1);
        assertThat(badRules.stderr()).contains("hearth: the rules do not load").contains(bad + ":3:");
    }

    private static MqttAsyncClient light(HubFixture hub, String id, Queue<String> received) throws Exception {
        MqttAsyncClient client = RawMqtt.connectAsync(hub.brokerUri(), id, id, id + "-secret");
        RawMqtt.answerEveryCommand(client, 1, received::add);
        client.subscribe("devices/" + id + "/commands/#", 1).waitForCompletion(10_000);
        return client;
    }

    private static void report(MqttClient device, String id, boolean occupied) throws Exception {
        MqttMessage message = new MqttMessage(("{\"occupancy\":" + occupied + "}").getBytes(StandardCharsets.UTF_8), 1, true, null);
        device.publish("devices/" + id + "/state", message);
    }
}
