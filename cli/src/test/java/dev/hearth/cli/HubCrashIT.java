package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.device.HearthDevice;
import dev.hearth.device.HearthDeviceBuilder;
import dev.hearth.hub.HubFixture;
import dev.hearth.wire.CommandReply;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub killed with SIGKILL in the middle of QoS 1 traffic from SDK devices with disk buffers,
 * then started again: every message the devices sent is in the history (the hub acknowledges a
 * message only once it is stored, and the devices keep what is not acknowledged), the buffers
 * drain, and a rule's pending {@code for:} hold fires at its deadline after the restart.
 */
class HubCrashIT {
    private static final int SENSORS = 4;
    private static final Duration HOLD = Duration.ofSeconds(12);
    /** At several hundred messages a second per sensor, the kill comes mid-stream. */
    private static final int MAX_PER_SENSOR = 2_500;
    private static final int PER_TICK = 10;
    private static final int FIELDS = 50;

    @TempDir
    Path folder;

    @Test
    void aKilledHubLosesNoAcknowledgedMessageAndResumesItsTimers() throws Exception {
        int mqttPort = HearthProcess.freePort();
        int httpPort = HearthProcess.freePort();
        Path config = writeConfig(mqttPort, httpPort);
        String token = HearthProcess.createToken(config, "crash-test");
        String broker = "tcp://127.0.0.1:" + mqttPort;
        Instant began = Instant.now();

        Process hub = startHub(config, httpPort);
        List<Instant> brews = new CopyOnWriteArrayList<>();
        List<HearthDevice> sensors = new ArrayList<>();
        AtomicIntegerArray sent = new AtomicIntegerArray(SENSORS);
        AtomicBoolean sending = new AtomicBoolean(true);
        try (HearthDevice bed = device(broker, "bed-1").initialState(Map.of("occupant", "asleep")).build();
             HearthDevice coffee = device(broker, "coffee-1").onCommand("brew", command -> {
                 brews.add(Instant.now());
                 return CommandReply.success(null);
             }).build()) {
            bed.connect();
            coffee.connect();
            for (int i = 0; i < SENSORS; i++) {
                HearthDevice sensor = device(broker, "sensor-" + i).storeAndForward(folder.resolve("buffer-" + i)).build();
                sensor.connect();
                sensors.add(sensor);
            }
            Thread sender = startSending(sensors, sent, sending);

            Thread.sleep(500);
            bed.reportState(Map.of("occupant", "awake"));
            Instant holdEnds = Instant.now().plus(HOLD);
            Thread.sleep(1_500);

            hub.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush
            Thread.sleep(1_000); // the devices go on measuring into their disk buffers
            hub = startHub(config, httpPort);

            Thread.sleep(1_500);
            sending.set(false);
            sender.join();
            await().atMost(Duration.ofSeconds(90)).until(() -> sensors.stream().allMatch(s -> s.bufferStats().buffered() == 0));

            for (int i = 0; i < SENSORS; i++) {
                Set<Integer> stored = storedSequence(httpPort, token, "sensor-" + i, began);
                assertThat(stored).as("sensor-%d's history holds every one of the %d messages it sent", i, sent.get(i))
                        .containsAll(range(sent.get(i)));
            }
            await().atMost(HOLD.plusSeconds(20)).until(() -> !brews.isEmpty());
            assertThat(brews).singleElement().satisfies(at ->
                    assertThat(at).as("the hold fired at its deadline, not from the start again").isAfterOrEqualTo(holdEnds)
                            .isBefore(holdEnds.plus(HOLD)));
        } finally {
            sending.set(false);
            sensors.forEach(HearthDevice::close);
            hub.destroyForcibly().waitFor();
        }
    }

    private Thread startSending(List<HearthDevice> sensors, AtomicIntegerArray sent, AtomicBoolean sending) {
        Thread sender = new Thread(() -> {
            while (sending.get()) {
                for (int i = 0; i < sensors.size(); i++) {
                    for (int n = 0; n < PER_TICK && sent.get(i) < MAX_PER_SENSOR; n++) {
                        if (sensors.get(i).sendTelemetry(measurements(sent.get(i)))) {
                            sent.incrementAndGet(i);
                        }
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sensor-sender");
        sender.start();
        return sender;
    }

    /**
     * A rich measurement: fifty history rows per message, so storage lags behind the broker
     * and a hub that acknowledged before storing would have acknowledged messages to lose.
     */
    private static Map<String, Integer> measurements(int seq) {
        Map<String, Integer> fields = new HashMap<>();
        fields.put("seq", seq);
        for (int f = 1; f < FIELDS; f++) {
            fields.put("f" + f, seq);
        }
        return fields;
    }

    private Path writeConfig(int mqttPort, int httpPort) throws IOException {
        Path config = HearthProcess.writeConfig(folder, mqttPort, httpPort, deviceIds());
        Files.writeString(folder.resolve("rules/hold.yaml"), """
                rules:
                  - id: morning-coffee
                    when:
                      - state: bed-1.occupant
                        to: awake
                        for: %ds
                    then:
                      - command: coffee-1.brew
                """.formatted(HOLD.toSeconds()));
        return config;
    }

    private static List<String> deviceIds() {
        List<String> ids = new ArrayList<>(List.of("bed-1", "coffee-1"));
        for (int i = 0; i < SENSORS; i++) {
            ids.add("sensor-" + i);
        }
        return ids;
    }

    private Process startHub(Path config, int httpPort) throws Exception {
        Process hub = HearthProcess.start(folder.resolve("hub.log"), "hub", "--config", config.toString());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> HearthProcess.get(httpPort, "/health/ready", null).statusCode() == 200);
        return hub;
    }

    private static HearthDeviceBuilder device(String broker, String id) {
        return HearthDevice.builder().serverUri(broker).deviceId(id).password(id + "-secret")
                .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    private static Set<Integer> storedSequence(int httpPort, String token, String deviceId, Instant since) {
        HttpResponse<String> response = HearthProcess.get(httpPort, "/api/devices/" + deviceId + "/history?attribute=seq&from=" + since.minusSeconds(60)
                + "&to=" + Instant.now().plusSeconds(60), token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Set<Integer> seen = new TreeSet<>();
        for (JsonNode point : HubFixture.json(response).path("points")) {
            seen.add(point.path("value").asInt());
        }
        return seen;
    }

    private static List<Integer> range(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }
}
