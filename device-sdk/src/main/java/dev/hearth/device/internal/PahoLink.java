package dev.hearth.device.internal;

import dev.hearth.device.internal.buffer.BufferedMessage;
import dev.hearth.device.internal.buffer.Forwarder;
import dev.hearth.wire.WireProperties;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** How the forwarder publishes on one Paho connection: QoS 1, the sequence number as a user property. */
final class PahoLink {
    private static final int QOS_AT_LEAST_ONCE = 1;

    private PahoLink() {
    }

    static Forwarder.Link over(MqttAsyncClient c, InFlightLimit inFlight) {
        return (BufferedMessage message, Consumer<Forwarder.Outcome> outcome) -> {
            MqttProperties props = new MqttProperties();
            props.setUserProperties(List.of(new UserProperty(WireProperties.BUFFER_SEQUENCE, Long.toString(message.seq()))));
            MqttMessage mqtt = new MqttMessage(message.payload(), QOS_AT_LEAST_ONCE, message.retained(), props);
            inFlight.publish(c, message.topic(), mqtt, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    outcome.accept(codes != null && codes.length > 0 && codes[0] >= 0x80 ? Forwarder.Outcome.REFUSED
                            : Forwarder.Outcome.DELIVERED);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    boolean refusedByBroker = exception instanceof MqttException e && e.getReasonCode() >= 0x80
                            && e.getReasonCode() <= 0xFF && c.isConnected();
                    outcome.accept(refusedByBroker ? Forwarder.Outcome.REFUSED : Forwarder.Outcome.LOST);
                }
            });
        };
    }
}
