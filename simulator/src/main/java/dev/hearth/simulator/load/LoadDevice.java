package dev.hearth.simulator.load;

import dev.hearth.device.NoDelaySocketFactory;
import dev.hearth.wire.Availability;
import dev.hearth.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
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
 * One load device: a lean Paho client speaking the wire contract (status, telemetry). Not the
 * SDK's {@code HearthDevice}: that one publishes telemetry at QoS 0 and tells nobody when a
 * PUBACK comes, and a load run needs both the QoS and the acknowledgement of every message.
 */
final class LoadDevice implements LoadConnection {
    private final Credentials credentials;
    private final LoadStats stats;
    private final MqttAsyncClient client;
    private final String topic;
    private final InFlight inFlight;
    private volatile boolean connected;
    private volatile boolean closing;

    LoadDevice(String serverUri, Credentials credentials, LoadStats stats) throws MqttException {
        this.credentials = credentials;
        this.stats = stats;
        this.client = new MqttAsyncClient(serverUri, credentials.deviceId(), new MemoryPersistence());
        this.topic = Topics.telemetry(credentials.deviceId());
        this.inFlight = new InFlight(stats, credentials.deviceId());
        client.setCallback(new Callback());
    }

    @Override
    public CompletableFuture<Void> connect(boolean plainTcp) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(credentials.deviceId());
        options.setPassword(credentials.password().getBytes(StandardCharsets.UTF_8));
        options.setCleanStart(true);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(30);
        options.setWill(Topics.status(credentials.deviceId()),
                new MqttMessage(Availability.OFFLINE.wire().getBytes(StandardCharsets.UTF_8), 1, true, null));
        if (plainTcp) {
            options.setSocketFactory(new NoDelaySocketFactory());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connected = true;
                    stats.connected();
                    publishStatus(Availability.ONLINE);
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    stats.error(credentials.deviceId() + " could not connect: " + exception.getMessage());
                    done.complete(null);
                }
            });
        } catch (MqttException e) {
            stats.error(credentials.deviceId() + " could not connect: " + e.getMessage());
            done.complete(null);
        }
        return done;
    }

    @Override
    public boolean tryPublish(int member, long seq, int qos) {
        if (!connected || !inFlight.begin()) {
            return false;
        }
        byte[] payload = ("{\"seq\":" + seq + ",\"value\":" + LoadConnection.value(seq) + "}").getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        try {
            client.publish(topic, new MqttMessage(payload, qos, false, null), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        inFlight.failed("publish refused, reason " + codes[0]);
                    } else {
                        inFlight.acknowledged(start, qos);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    inFlight.failed("publish failed: " + exception.getMessage());
                }
            });
        } catch (MqttException | RuntimeException e) {
            inFlight.failed("publish failed: " + e.getMessage());
        }
        return true; // it counted as sent
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (connected) {
                publishStatus(Availability.OFFLINE);
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException ignored) {
            // going away anyway
        } finally {
            if (connected) {
                connected = false;
                stats.disconnected();
            }
            try {
                client.close(true);
            } catch (MqttException ignored) {
                // already closed
            }
        }
    }

    private void publishStatus(Availability availability) {
        try {
            client.publish(Topics.status(credentials.deviceId()),
                    new MqttMessage(availability.wire().getBytes(StandardCharsets.UTF_8), 1, true, new MqttProperties()));
        } catch (MqttException e) {
            stats.error(credentials.deviceId() + ": status not sent: " + e.getMessage());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!closing && connected) {
                connected = false;
                stats.disconnected();
                stats.error(credentials.deviceId() + " lost its connection: "
                        + (response.getException() != null ? response.getException().getMessage() : "reason " + response.getReturnCode()));
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            stats.error(credentials.deviceId() + ": " + exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // load devices subscribe to nothing
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // counted per publish
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // counted in connect()
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
