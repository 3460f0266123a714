package dev.hearth.simulator.fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Publishes raw bytes with a device's credentials, on a plain Paho client: the SDK only sends
 * well-formed payloads, and a hub must survive a buggy firmware that does not. The client id is
 * the device id plus a suffix, so the real device's session is not taken over.
 */
public final class RawPublisher {
    private RawPublisher() {
    }

    /** What the broker answered: the PUBACK reason code (0 success, 153 payload format invalid, ...). */
    public record Outcome(int reasonCode, String description) {
        public boolean accepted() {
            return reasonCode < 0x80;
        }
    }

    /** Connects, publishes at QoS 1, disconnects; throws {@link IllegalStateException} when it cannot connect. */
    public static Outcome publish(String serverUri, String deviceId, String password, String topic, byte[] payload, Duration timeout) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        long waitMs = timeout.toMillis();
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(serverUri, deviceId + "-raw-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException("bad server URI " + serverUri + ": " + e.getMessage(), e);
        }
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(deviceId);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            options.setCleanStart(true);
            options.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
            try {
                client.connect(options).waitForCompletion(waitMs);
            } catch (MqttException e) {
                throw new IllegalStateException("cannot connect as " + deviceId + " to send raw bytes: " + e.getMessage(), e);
            }
            try {
                IMqttToken token = client.publish(topic, new MqttMessage(payload, 1, false, null));
                token.waitForCompletion(waitMs);
                int[] codes = token.getReasonCodes();
                int code = codes == null || codes.length == 0 ? 0 : codes[0];
                return new Outcome(code, code < 0x80 ? "accepted" : "refused (reason " + code + ")");
            } catch (MqttException e) {
                return new Outcome(e.getReasonCode() == 0 ? 0x80 : e.getReasonCode(), "refused: " + e.getMessage());
            }
        } finally {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(waitMs);
                }
                client.close(true);
            } catch (MqttException ignored) {
                // the broker may have dropped us for the bad publish: nothing to clean up
            }
        }
    }
}
