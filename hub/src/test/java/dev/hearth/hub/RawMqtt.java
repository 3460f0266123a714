package dev.hearth.hub;

import dev.hearth.device.testing.MessageCallback;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A plain MQTT 5 client, as mosquitto_pub would be: no SDK, nothing on our side helping. */
public final class RawMqtt {
    private static final long WAIT_MILLIS = 10_000;

    private RawMqtt() {
    }

    public static MqttClient connect(String uri, String clientId, String user, String password) throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        client.connect(options(user, password));
        return client;
    }

    /** The asynchronous client, whose tokens carry the broker's reason codes (the blocking one drops them). */
    public static MqttAsyncClient connectAsync(String uri, String clientId, String user, String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        client.connect(options(user, password)).waitForCompletion(WAIT_MILLIS);
        return client;
    }

    /** Publishes at QoS 1 and returns the PUBACK's reason code: 0 accepted, 153 payload format invalid, ... */
    public static int publishForReason(MqttAsyncClient client, String topic, byte[] payload) throws MqttException {
        var token = client.publish(topic, payload, 1, false);
        try {
            token.waitForCompletion(WAIT_MILLIS);
        } catch (MqttException refused) {
            if (refused.getReasonCode() >= 0x80 && refused.getReasonCode() <= 0xFF) { // an MQTT reason, not Paho's own
                return refused.getReasonCode();
            }
            throw refused;
        }
        int[] reasons = token.getReasonCodes();
        return reasons == null || reasons.length == 0 ? 0 : reasons[0];
    }

    /** Hands every message the client receives to {@code handler}, on Paho's callback thread. */
    public static void onMessage(MqttAsyncClient client, MessageCallback.Handler handler) {
        client.setCallback(new MessageCallback(handler));
    }

    /**
     * Answers every command as the wire contract asks, from inside the message callback (so the
     * reply goes out before the PUBACK, as most device libraries do): {@code {"ok":true}} at
     * {@code replyQos} to the response topic, with the correlation data. Each command is first handed
     * to {@code received} as "topic payload".
     */
    public static void answerEveryCommand(MqttAsyncClient client, int replyQos, Consumer<String> received) {
        onMessage(client, (topic, message) -> {
            received.accept(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
            MqttProperties properties = new MqttProperties();
            properties.setCorrelationData(message.getProperties().getCorrelationData());
            client.publish(message.getProperties().getResponseTopic(), new MqttMessage(
                    "{\"ok\":true}".getBytes(StandardCharsets.UTF_8), replyQos, false, properties));
        });
    }

    public static void closeQuietly(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        } catch (MqttException e) {
            // already gone
        }
    }

    public static void closeQuietly(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(WAIT_MILLIS);
            }
            client.close();
        } catch (MqttException e) {
            // already gone
        }
    }

    private static MqttConnectionOptions options(String user, String password) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(5);
        if (user != null) {
            options.setUserName(user);
        }
        if (password != null) {
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        return options;
    }
}
