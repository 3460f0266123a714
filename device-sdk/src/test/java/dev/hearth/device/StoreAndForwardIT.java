package dev.hearth.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.device.internal.DeviceAccess;
import dev.hearth.device.testing.TestBroker;
import dev.hearth.device.testing.TestHubClient;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store-and-forward against a real broker that goes away. Each test has its own broker, as
 * stopping one is part of the test.
 */
class StoreAndForwardIT {
    @TempDir
    Path buffer;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private TestBroker broker;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private HearthDeviceBuilder device(String id, String uri) {
        return HearthDevice.builder().serverUri(uri).deviceId(id)
                .storeAndForward(buffer)
                // fixed and long enough that the test's hub is subscribed before the device is back
                .reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .connectTimeout(Duration.ofSeconds(2));
    }

    private static void send(HearthDevice device, int from, int to) {
        for (int n = from; n <= to; n++) {
            assertThat(device.sendTelemetry(Map.of("n", n))).isTrue();
        }
    }

    /** The "n" of each telemetry message, in arrival order. */
    private static List<Integer> numbers(TestHubClient hub, String deviceId) {
        return hub.payloadsOn(Topics.telemetry(deviceId)).stream().map(p -> {
            try {
                return WireJson.mapper().readTree(p).get("n").asInt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    private static List<Integer> firstOccurrences(List<Integer> numbers) {
        return List.copyOf(new LinkedHashSet<>(numbers));
    }

    @Test
    void theBrokerStopsAndComesBackAndTheBufferedTelemetryArrivesInOrderWithNothingLost() {
        broker = TestBroker.start();
        TestHubClient before = closing(TestHubClient.connect(broker.uri()).subscribe(Topics.telemetry("meter-s")));
        HearthDevice device = closing(device("meter-s", broker.uri()).build());
        device.connect();
        send(device, 1, 50);
        await().until(() -> numbers(before, "meter-s").size() == 50);

        broker.close();
        await().until(() -> !device.isConnected());
        send(device, 51, 550); // while the broker is away
        assertThat(device.bufferStats().buffered()).isGreaterThanOrEqualTo(500);

        broker = TestBroker.start(broker.port(), Map.of());
        TestHubClient after = closing(TestHubClient.connect(broker.uri()).subscribe(Topics.telemetry("meter-s")));
        await().atMost(Duration.ofSeconds(30)).until(() -> firstOccurrences(numbers(after, "meter-s")).size() == 500);

        assertThat(numbers(before, "meter-s")).isEqualTo(range(1, 50));
        // Everything was acknowledged before the broker went, so nothing is sent twice.
        assertThat(numbers(after, "meter-s")).isEqualTo(range(51, 550));
        await().until(() -> device.bufferStats().buffered() == 0);
        assertThat(device.bufferStats().dropped()).isZero();
    }

    @Test
    void aConnectionLostMidDrainResendsOnlyTheUnacknowledgedAndKeepsTheOrder() {
        broker = TestBroker.start();
        TestHubClient hub = closing(TestHubClient.connect(broker.uri()).subscribe(Topics.telemetry("meter-m")));
        HearthDevice device = closing(device("meter-m", broker.uri())
                .reconnectDelay(Duration.ofMillis(100), Duration.ofMillis(400)).build());
        device.connect();

        send(device, 1, 3_000);
        await().until(() -> numbers(hub, "meter-m").size() > 200);
        DeviceAccess.sever(device); // a power cut on the wire, in the middle of the drain

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(firstOccurrences(numbers(hub, "meter-m")))
                .as("buffer %s, received %s", device.bufferStats(), numbers(hub, "meter-m").size()).hasSize(3_000));
        List<Integer> received = numbers(hub, "meter-m");
        assertThat(firstOccurrences(received)).isEqualTo(range(1, 3_000));
        // At-least-once: only messages that were awaiting their PUBACK when the connection went come twice.
        assertThat(received.size() - 3_000).isBetween(0, 8);
    }

    @Test
    void aRestartedDeviceDrainsWhatAnEarlierRunBuffered() {
        broker = TestBroker.start();
        String nowhere = "tcp://127.0.0.1:" + TestBroker.freeLocalPort();
        HearthDevice first = device("meter-r", nowhere).build();
        first.connectInBackground(); // the hub is unreachable: it keeps trying
        send(first, 1, 300);
        first.reportState(Map.of("mode", "eco"));
        assertThat(first.bufferStats().buffered()).isEqualTo(301);
        first.close();

        TestHubClient hub = closing(TestHubClient.connect(broker.uri()).subscribe(Topics.deviceFilter("meter-r")));
        HearthDevice second = closing(device("meter-r", broker.uri()).build());
        assertThat(second.bufferStats().buffered()).isEqualTo(301);
        second.connect();

        await().until(() -> numbers(hub, "meter-r").size() == 300);
        assertThat(numbers(hub, "meter-r")).isEqualTo(range(1, 300));
        await().until(() -> second.bufferStats().buffered() == 0);
        assertThat(hub.payloadsOn(Topics.state("meter-r"))).isNotEmpty().allSatisfy(s -> assertThat(s).contains("\"eco\""));
    }

    @Test
    void aDeviceKilledMidBufferDrainsOnItsNextRun() throws Exception {
        broker = TestBroker.start();
        // A separate JVM that buffers 1000 messages, then is killed (SIGKILL): no close, no flush.
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), BufferingDeviceMain.class.getName(), buffer.toString(), "1000")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo(BufferingDeviceMain.READY);
        } finally {
            process.destroyForcibly().waitFor();
        }

        TestHubClient hub = closing(TestHubClient.connect(broker.uri()).subscribe(Topics.telemetry(BufferingDeviceMain.ID)));
        HearthDevice device = closing(device(BufferingDeviceMain.ID, broker.uri()).build());
        device.connect();

        await().until(() -> numbers(hub, BufferingDeviceMain.ID).size() == 1000);
        assertThat(numbers(hub, BufferingDeviceMain.ID)).isEqualTo(range(1, 1000));
    }

    @Test
    void aDeviceStartedBeforeTheHubBuffersMeanwhileAndConnectsWhenTheHubComesUp() {
        int port = TestBroker.freeLocalPort();
        List<ConnectionEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        HearthDevice device = closing(device("meter-b", "tcp://127.0.0.1:" + port)
                .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(1)).onConnectionEvent(events::add).build());
        device.connectInBackground();
        send(device, 1, 100);

        broker = TestBroker.start(port, Map.of());
        // The hub may subscribe after the device is back: the retained state says it connected, the drain is counted.
        await().atMost(Duration.ofSeconds(20)).until(device::isConnected);
        await().until(() -> device.bufferStats().buffered() == 0);
        assertThat(events).first().isEqualTo(new ConnectionEvent.Connected("meter-b", false));
        assertThat(device.bufferStats().dropped()).isZero();
    }

    @Test
    void whenTheBufferIsFullTheOldestAreDroppedAndCounted() {
        String nowhere = "tcp://127.0.0.1:" + TestBroker.freeLocalPort();
        HearthDevice device = closing(HearthDevice.builder().serverUri(nowhere).deviceId("meter-f")
                .storeAndForward(buffer, 64 * 1024, OverflowPolicy.DROP_OLDEST).build());
        send(device, 1, 5_000);

        BufferStats stats = device.bufferStats();
        assertThat(stats.bytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(stats.dropped()).isPositive();
        assertThat(stats.buffered() + stats.dropped()).isEqualTo(5_000);
    }

    @Test
    void withDropNewestAFullBufferRefusesTelemetry() {
        String nowhere = "tcp://127.0.0.1:" + TestBroker.freeLocalPort();
        HearthDevice device = closing(HearthDevice.builder().serverUri(nowhere).deviceId("meter-n")
                .storeAndForward(buffer, 64 * 1024, OverflowPolicy.DROP_NEWEST).build());
        int refused = 0;
        for (int n = 1; n <= 5_000; n++) {
            if (!device.sendTelemetry(Map.of("n", n))) {
                refused++;
            }
        }
        assertThat(refused).isPositive();
        assertThat(device.bufferStats().dropped()).isEqualTo(refused);
    }
}
