package dev.hearth.cli;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A device of the failover proof, a plain Paho client (not our SDK) that knows every hub (Paho's server URIs, so it
 * reconnects to another when its hub dies). Each state it reports carries the next sequence number
 * ({@code {"motion":true,"seq":7}}); it remembers the numbers the hub acknowledged (PUBACK) and the commands it
 * received, and answers each command as the wire contract asks.
 */
final class FleetDevice implements AutoCloseable {
    /** A command this device received, and when (epoch ms). */
    record Received(String topic, long atMillis) {
    }

    /** Reconnects the fleet's devices: one daemon thread for all of them. */
    private static final java.util.concurrent.ScheduledExecutorService RECONNECTS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "fleet-reconnects");
                thread.setDaemon(true);
                return thread;
            });

    private final String id;
    private final MqttAsyncClient client;
    private MqttConnectionOptions options;
    private volatile boolean closed;
    private final AtomicLong seq = new AtomicLong();
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private final Queue<Received> commands = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.CompletableFuture<Void> subscribed = new java.util.concurrent.CompletableFuture<>();
    private volatile boolean motion;
    private volatile String lastProblem = "none";

    private FleetDevice(String id, MqttAsyncClient client) {
        this.id = id;
        this.client = client;
    }

    /**
     * Starts connecting to the first of {@code hubUris} that answers (password: the id followed by "-secret");
     * {@link #awaitSubscribed} waits for it, so that a fleet connects at once rather than one device after another.
     */
    static FleetDevice connect(String id, List<String> hubUris) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(hubUris.get(0), id, new MemoryPersistence());
        FleetDevice device = new FleetDevice(id, client);
        client.setCallback(device.new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setServerURIs(hubUris.toArray(String[]::new));
        options.setUserName(id);
        options.setPassword((id + "-secret").getBytes(StandardCharsets.UTF_8));
        options.setCleanStart(true);
        options.setConnectionTimeout(10);
        // Paho's automatic reconnect did not always retry after its hub died (seen twice here on a loaded machine):
        // the device reconnects itself each second, through the same server URIs
        options.setAutomaticReconnect(false);
        options.setReceiveMaximum(100);
        device.options = options;
        client.connect(options, null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                device.subscribe();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                device.subscribed.completeExceptionally(failure);
            }
        });
        return device;
    }

    private void reconnectSoon() {
        if (closed) {
            return;
        }
        RECONNECTS.schedule(() -> {
            try {
                client.connect(options, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        subscribe(); // a clean start lost the subscription with the session
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable failure) {
                        lastProblem = "reconnect failed: " + failure;
                        reconnectSoon();
                    }
                });
            } catch (MqttException e) {
                lastProblem = "reconnect refused: " + e;
                reconnectSoon();
            }
        }, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Connected and subscribed to its commands, or an exception saying why not. */
    void awaitSubscribed(java.time.Duration timeout) throws Exception {
        try {
            subscribed.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(id + " not connected and subscribed within " + timeout, e);
        }
    }

    private void subscribe() {
        try {
            client.subscribe("devices/" + id + "/commands/#", 1, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    subscribed.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    subscribed.completeExceptionally(failure);
                }
            });
        } catch (MqttException e) {
            subscribed.completeExceptionally(e);
        }
    }

    String id() {
        return id;
    }

    /**
     * Reports {@code {"motion":m,"seq":n}} at QoS 1 with the next n and returns it; n is remembered as acknowledged
     * when its PUBACK arrives. A report while disconnected is not sent (and so never acknowledged).
     */
    long report(boolean motion) {
        this.motion = motion;
        long n = seq.incrementAndGet();
        byte[] payload = ("{\"motion\":" + motion + ",\"seq\":" + n + "}").getBytes(StandardCharsets.UTF_8);
        try {
            client.publish("devices/" + id + "/state", payload, 1, false, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acknowledged.add(n);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    // not acknowledged: the proof does not count it
                }
            });
        } catch (MqttException e) {
            // disconnected (its hub died): not sent, not counted
        }
        return n;
    }

    /** The same motion again with the next sequence number: the hub passes on only the seq that changed. */
    long heartbeat() {
        return report(motion);
    }

    Set<Long> acknowledged() {
        return acknowledged;
    }

    Queue<Received> commands() {
        return commands;
    }

    /** What last went wrong with its connection, for a failure's message. */
    String lastProblem() {
        return lastProblem;
    }

    boolean connected() {
        return client.isConnected();
    }

    /** Drops the connection without a DISCONNECT (its hub may be gone) and stops reconnecting. */
    @Override
    public void close() {
        closed = true;
        try {
            client.close(true);
        } catch (MqttException e) {
            // already gone
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws MqttException {
            commands.add(new Received(topic, System.currentTimeMillis()));
            MqttProperties properties = new MqttProperties();
            properties.setCorrelationData(message.getProperties().getCorrelationData());
            client.publish(message.getProperties().getResponseTopic(), new MqttMessage(
                    "{\"ok\":true}".getBytes(StandardCharsets.UTF_8), 1, false, properties));
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            lastProblem = "disconnected: " + response;
            reconnectSoon();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            lastProblem = "error: " + exception;
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
