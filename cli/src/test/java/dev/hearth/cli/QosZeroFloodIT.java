package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A QoS 0 flood, faster than the hub can take in and with no rate limit, against a hub in its own
 * JVM with a small heap: raw MQTT 3.1.1 sockets (no client library, no flow control). Before the heap
 * watermark the publishes piled up in the broker's interceptor queue until the hub died of
 * OutOfMemoryError; now it refuses them (counted as {@code overloaded}), keeps answering, and takes
 * QoS 0 publishes in again once the flood is over.
 */
class QosZeroFloodIT {
    private static final int SENSORS = 4;
    private static final long RATE = 120_000; // messages a second in all, paced: about twice what the hub takes in here
    private static final Duration FLOOD = Duration.ofSeconds(10);

    @TempDir
    Path folder;

    @Test
    void theHubOutlivesAFloodAndTakesMessagesInAgainAfterIt() throws Exception {
        int mqttPort = HearthProcess.freePort();
        int httpPort = HearthProcess.freePort();
        List<String> sensors = new ArrayList<>();
        for (int s = 0; s < SENSORS; s++) {
            sensors.add("sensor-" + s);
        }
        Path config = HearthProcess.writeConfig(folder, mqttPort, httpPort, sensors);
        String token = HearthProcess.createToken(config, "flood-test");
        Process hub = HearthProcess.start(folder.resolve("hub.log"), List.of("-Xmx96m", "-XX:+UseSerialGC"),
                "hub", "--config", config.toString());
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> HearthProcess.get(httpPort, "/health/ready", null).statusCode() == 200);

            long sent = flood(mqttPort);

            assertThat(hub.isAlive()).as("the hub is alive after %d publishes; see %s", sent, folder.resolve("hub.log")).isTrue();
            await("the hub answers again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> HearthProcess.get(httpPort, "/health/ready", null).statusCode() == 200);
            assertThat(metric(httpPort, token, "hearth_messages_rejected_total{reason=\"overloaded\"}"))
                    .as("refused while the heap was full").isPositive();
            double before = metric(httpPort, token, "hearth_messages_in_total{type=\"telemetry\"}");
            await("a QoS 0 publish after the flood is taken in").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        try (Socket sensor = connect(mqttPort, "sensor-0")) {
                            sensor.getOutputStream().write(publish("sensor-0", 1));
                            sensor.getOutputStream().write(new byte[] {(byte) 0xE0, 0}); // DISCONNECT
                        }
                        Thread.sleep(300);
                        assertThat(metric(httpPort, token, "hearth_messages_in_total{type=\"telemetry\"}")).isGreaterThan(before);
                    });
        } finally {
            hub.destroy();
            hub.waitFor();
        }
    }

    /** SENSORS sockets publishing as fast as RATE allows for FLOOD; returns how many were written. */
    private static long flood(int mqttPort) throws Exception {
        AtomicLong written = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long end = System.nanoTime() + FLOOD.toNanos();
        for (int s = 0; s < SENSORS; s++) {
            String id = "sensor-" + s;
            Thread thread = new Thread(() -> {
                try (Socket socket = connect(mqttPort, id)) {
                    OutputStream out = socket.getOutputStream();
                    byte[] burst = burst(id, 100);
                    long start = System.nanoTime();
                    long mine = 0;
                    while (System.nanoTime() < end) {
                        long due = (System.nanoTime() - start) * (RATE / SENSORS) / 1_000_000_000L;
                        if (mine < due) {
                            out.write(burst);
                            mine += 100;
                        } else {
                            Thread.sleep(1);
                        }
                    }
                    written.addAndGet(mine);
                } catch (IOException | InterruptedException e) {
                    // a dropped connection ends this sensor's share; the hub's health is what is asserted
                }
            }, "flood-" + id);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(FLOOD.toMillis() + 30_000);
        }
        return written.get();
    }

    private static Socket connect(int port, String id) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 60}); // MQTT 3.1.1, user, password, clean session
        string(body, id);
        string(body, id);
        string(body, id + "-secret");
        socket.getOutputStream().write(packet(0x10, body.toByteArray()));
        byte[] connack = new byte[4];
        new DataInputStream(socket.getInputStream()).readFully(connack);
        if (connack[0] != 0x20 || connack[3] != 0) {
            throw new IOException(id + " was refused: CONNACK return code " + connack[3]);
        }
        return socket;
    }

    private static byte[] burst(String id, int count) throws IOException {
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            burst.write(publish(id, i));
        }
        return burst.toByteArray();
    }

    /** A QoS 0 PUBLISH of 6-field telemetry, about 120 bytes of JSON, as the benchmark's sensors send. */
    private static byte[] publish(String id, int seq) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "devices/" + id + "/telemetry");
        body.write(("{\"temperature\":21.53,\"humidity\":48.2,\"seq\":" + seq
                + ",\"unit\":\"celsius\",\"status\":\"nominal\",\"firmware\":\"2.4.17-sensor-build\"}").getBytes(StandardCharsets.UTF_8));
        return packet(0x30, body.toByteArray());
    }

    private static void string(ByteArrayOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.write(bytes);
    }

    private static byte[] packet(int type, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(type);
        int length = body.length;
        do { // the remaining length, 7 bits a byte
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.write(body);
        return packet.toByteArray();
    }

    private static double metric(int httpPort, String token, String name) {
        String body = HearthProcess.get(httpPort, "/metrics", token).body();
        return body.lines().filter(line -> line.startsWith(name + " ")).mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1)))
                .findFirst().orElse(0);
    }
}
