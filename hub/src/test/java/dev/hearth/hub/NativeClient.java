package dev.hearth.hub;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * An MQTT 3.1.1 client as native devices are (Tasmota's PubSubClient, Zigbee2MQTT's MQTT.js by
 * default): it logs in with user and password, may leave a retained last will, subscribes, and
 * keeps what it receives as "topic payload" lines (with " (retained)" for a retained one).
 */
public final class NativeClient implements AutoCloseable {
    public record Received(String topic, String payload, boolean retained) {
        @Override
        public String toString() {
            return topic + " " + payload + (retained ? " (retained)" : "");
        }
    }

    private final MqttClient client;
    public final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<String, String> onMessage = (topic, payload) -> { };
    private volatile Throwable lost;

    private NativeClient(MqttClient client) {
        this.client = client;
    }

    /** Connected; {@code willTopic} null for no last will (else a retained {@code willPayload}, as Tasmota's LWT). */
    public static NativeClient connect(String uri, String clientId, String user, String password, String willTopic,
                                       String willPayload) throws MqttException {
        return connect(uri, clientId, user, password, willTopic, willPayload, true);
    }

    /**
     * {@code cleanSession} false: the broker keeps its subscriptions and queues its QoS 1 messages while it is away
     * (MQTT.js with {@code clean: false}), so that a command sent meanwhile reaches it when it is back.
     */
    public static NativeClient connect(String uri, String clientId, String user, String password, String willTopic,
                                       String willPayload, boolean cleanSession) throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        NativeClient device = new NativeClient(client);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                device.lost = cause;
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
                device.received.add(new Received(topic, payload, message.isRetained()));
                device.onMessage.accept(topic, payload);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(cleanSession);
        options.setConnectionTimeout(5);
        // Paho frees a synchronous publish's in-flight slot after waking the publisher, on another thread: a busy machine
        // lets a burst of publishes (a bridge's retained configs) outrun that and fail with 32202 at the default 10
        options.setMaxInflight(100);
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        if (willTopic != null) {
            options.setWill(willTopic, willPayload.getBytes(StandardCharsets.UTF_8), 1, true);
        }
        client.connect(options);
        return device;
    }

    /** Called on Paho's callback thread for each message, after it is kept; may publish (not wait for the PUBACK). */
    public void onMessage(BiConsumer<String, String> handler) {
        this.onMessage = handler;
    }

    public void subscribe(String filter) throws MqttException {
        client.subscribe(filter, 1);
    }

    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload, false);
    }

    public void publish(String topic, String payload, boolean retained) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained);
    }

    /** Without waiting for the PUBACK: from inside a message handler. */
    public void publishLater(String topic, String payload) {
        try {
            client.getTopic(topic).publish(new MqttMessage(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes where its ACL does not let it, which the broker answers by dropping the connection: returns once
     * it is dropped (within {@code seconds}), closed.
     */
    public void publishRefused(String topic, String payload, int seconds) {
        try {
            publish(topic, payload);
        } catch (MqttException refused) {
            // the broker refuses it by dropping the connection
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(seconds)).until(() -> !isConnected());
        close();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Why the broker dropped the connection, if it did. */
    public Throwable lost() {
        return lost;
    }

    /** Ends the connection without a DISCONNECT, as a plug losing power does: the broker publishes its last will. */
    public void dropAbruptly() throws MqttException {
        client.disconnectForcibly(0, 0, false);
        client.close(true);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000);
            }
            client.close(true);
        } catch (MqttException e) {
            // already gone
        }
    }
}
