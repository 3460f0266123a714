package dev.hearth.device;

import dev.hearth.device.testing.MessageCallback;
import dev.hearth.device.testing.TestBroker;
import dev.hearth.wire.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * Not a test: prints how long a device takes from connect() to an empty buffer (every message
 * acknowledged by the broker) with N messages buffered while it was offline, and until a
 * subscriber has them all. Run:
 * {@code ./mvnw -q -o -pl device-sdk test-compile exec:java}-less, e.g.
 * {@code java -cp "$(cat cp.txt):target/classes:target/test-classes" dev.hearth.device.StoreAndForwardBenchmark 10000 3}.
 */
public final class StoreAndForwardBenchmark {
    private StoreAndForwardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (TestBroker broker = TestBroker.start()) {
            for (int run = 1; run <= runs; run++) {
                runOnce(broker, "bench-" + run, messages);
            }
        }
    }

    private static void runOnce(TestBroker broker, String id, int messages) throws Exception {
        Path dir = Files.createTempDirectory("hearth-bench");
        try (CountingSubscriber hub = new CountingSubscriber(broker.uri(), Topics.telemetry(id));
             HearthDevice device = HearthDevice.builder().serverUri(broker.uri()).deviceId(id).storeAndForward(dir).build()) {
            long appendStart = System.nanoTime();
            for (int n = 1; n <= messages; n++) {
                device.sendTelemetry(Map.of("n", n, "celsius", 20 + n % 10));
            }
            long appendMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appendStart);
            long bytes = device.bufferStats().bytes();

            long start = System.nanoTime();
            device.connect();
            long connectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            waitFor(() -> device.bufferStats().buffered() == 0);
            long drainedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            waitFor(() -> hub.count() >= messages);
            long receivedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf("%s: %,d messages (%,d bytes on disk) buffered in %d ms; connect %d ms; "
                            + "reconnect-to-drained %d ms (%,.0f msg/s); all at the subscriber after %d ms; received %d%n",
                    id, messages, bytes, appendMs, connectedMs, drainedMs, messages * 1000.0 / Math.max(1, drainedMs), receivedMs,
                    hub.count());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Counts arrivals and nothing else: TestHubClient keeps every message, too slow to time 10,000. */
    private static final class CountingSubscriber implements AutoCloseable {
        private final MqttAsyncClient client;
        private final AtomicInteger count = new AtomicInteger();

        CountingSubscriber(String uri, String topic) {
            try {
                client = new MqttAsyncClient(uri, "bench-hub-" + topic.hashCode(), new MemoryPersistence());
                client.setCallback(new MessageCallback((t, message) -> count.incrementAndGet()));
                MqttConnectionOptions options = new MqttConnectionOptions();
                options.setSocketFactory(new javax.net.SocketFactory() { // Nagle off, as in the SDK (STACK.md)
                    @Override
                    public java.net.Socket createSocket() throws IOException {
                        java.net.Socket socket = new java.net.Socket();
                        socket.setTcpNoDelay(true);
                        return socket;
                    }

                    @Override
                    public java.net.Socket createSocket(String host, int port) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public java.net.Socket createSocket(java.net.InetAddress host, int port) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public java.net.Socket createSocket(java.net.InetAddress a, int port, java.net.InetAddress local, int localPort) {
                        throw new UnsupportedOperationException();
                    }
                });
                client.connect(options).waitForCompletion(10_000);
                client.subscribe(new MqttSubscription(topic, 1)).waitForCompletion(10_000);
            } catch (MqttException e) {
                throw new IllegalStateException(e);
            }
        }

        int count() {
            return count.get();
        }

        @Override
        public void close() throws MqttException {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after 120 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
