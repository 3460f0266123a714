package dev.hearth.device.testing;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho callback for test clients that only care about the messages they receive; the other
 * events are ignored. (Paho 1.2.5's per-subscription listeners fail against HiveMQ, which offers
 * subscription ids, so tests take messages here.)
 */
public final class MessageCallback implements MqttCallback {
    /** Runs on Paho's callback thread. */
    @FunctionalInterface
    public interface Handler {
        void handle(String topic, MqttMessage message) throws Exception;
    }

    private final Handler handler;

    public MessageCallback(Handler handler) {
        this.handler = handler;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        handler.handle(topic, message);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
