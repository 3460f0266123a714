package dev.hearth.device.testing;

import dev.hearth.wire.TopicKind;
import dev.hearth.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Plays the hub in tests: subscribes, records what arrives, sends commands with a response topic. */
public final class TestHubClient implements AutoCloseable {
    /** A message as it arrived; {@code correlation} is null when it carried none. */
    public record Received(String topic, String payload, boolean retained, byte[] correlation) {
    }

    private final MqttAsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private TestHubClient(MqttAsyncClient client) {
        this.client = client;
    }

    public static TestHubClient connect(String serverUri) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(serverUri, "test-hub-" + UUID.randomUUID(), new MemoryPersistence());
            TestHubClient hub = new TestHubClient(client);
            client.setCallback(new MessageCallback(hub::record));
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            client.connect(options).waitForCompletion(10_000);
            return hub;
        } catch (MqttException e) {
            throw new IllegalStateException("test hub cannot connect to " + serverUri, e);
        }
    }

    public TestHubClient subscribe(String filter) {
        try {
            client.subscribe(new MqttSubscription(filter, 1)).waitForCompletion(10_000);
            return this;
        } catch (MqttException e) {
            throw new IllegalStateException("cannot subscribe to " + filter, e);
        }
    }

    /** Publishes {@code argsJson} (may be empty) on the command topic, asking for a reply on {@code devices/{id}/replies}. */
    public void sendCommand(String deviceId, String command, String argsJson, String correlation) {
        MqttProperties props = new MqttProperties();
        props.setResponseTopic(Topics.replies(deviceId));
        props.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        publish(Topics.command(deviceId, command), argsJson, false, props);
    }

    public void publish(String topic, String payload, boolean retained, MqttProperties props) {
        try {
            MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, retained, props);
            client.publish(topic, message).waitForCompletion(10_000);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot publish on " + topic, e);
        }
    }

    /** Everything received so far, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> on(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    public List<String> payloadsOn(String topic) {
        return on(topic).stream().map(Received::payload).toList();
    }

    /** The replies carrying this correlation data (not the command itself, should this client see it). */
    public List<Received> repliesTo(String correlation) {
        byte[] wanted = correlation.getBytes(StandardCharsets.UTF_8);
        return received.stream()
                .filter(r -> java.util.Arrays.equals(r.correlation(), wanted))
                .filter(r -> Topics.parse(r.topic()).map(t -> t.kind() != TopicKind.COMMAND).orElse(true))
                .toList();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
        } catch (MqttException ignored) {
            // test teardown
        }
    }

    private void record(String topic, MqttMessage message) {
        MqttProperties props = message.getProperties();
        received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.isRetained(),
                props == null ? null : props.getCorrelationData()));
    }
}
