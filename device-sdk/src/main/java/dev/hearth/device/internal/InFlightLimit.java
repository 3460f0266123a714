package dev.hearth.device.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Caps the publishes in flight. Paho queues QoS 0 messages without bound and refuses a QoS 1
 * publish beyond the broker's receive maximum (HiveMQ: 10) with error 32202, so a busy device
 * waits here instead. After a connection loss the permits of the old connection are written
 * off with {@link #reset()}: their acknowledgements will never come.
 */
final class InFlightLimit {
    static final int MAX_IN_FLIGHT = 8;
    private static final long WAIT_MS = 10_000;

    private volatile Semaphore permits = new Semaphore(MAX_IN_FLIGHT);

    IMqttToken publish(MqttAsyncClient client, String topic, MqttMessage message) throws MqttException {
        return publish(client, topic, message, null);
    }

    /** As above, also telling {@code then} (if not null) how the publish ended. */
    IMqttToken publish(MqttAsyncClient client, String topic, MqttMessage message, MqttActionListener then) throws MqttException {
        Semaphore mine = permits;
        try {
            if (!mine.tryAcquire(WAIT_MS, TimeUnit.MILLISECONDS)) {
                throw new MqttException(MqttClientException.REASON_CODE_MAX_INFLIGHT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION, e);
        }
        try {
            return client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    mine.release();
                    if (then != null) {
                        then.onSuccess(token);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    mine.release();
                    if (then != null) {
                        then.onFailure(token, exception);
                    }
                }
            });
        } catch (MqttException | RuntimeException e) {
            mine.release();
            throw e;
        }
    }

    void reset() {
        permits = new Semaphore(MAX_IN_FLIGHT);
    }
}
