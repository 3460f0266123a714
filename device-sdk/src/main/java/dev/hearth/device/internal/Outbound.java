package dev.hearth.device.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.internal.buffer.Forwarder;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * How the application's data leaves a device: reported state and telemetry go through the
 * store-and-forward buffer when there is one, else straight onto the current connection.
 * Changes with the delivery rules (QoS, retain, stamping), not with the connection's lifecycle.
 */
final class Outbound {
    private static final System.Logger LOG = System.getLogger(PahoHearthDevice.class.getName());
    static final int QOS_AT_LEAST_ONCE = 1;
    static final int QOS_AT_MOST_ONCE = 0;

    private final String id;
    private final ReportedState state;
    private final Optional<Forwarder> forwarder;
    private final InFlightLimit inFlight;
    private final Supplier<MqttAsyncClient> client;

    /** {@code client} gives the current Paho client, connected or not. */
    Outbound(String id, ReportedState state, Optional<Forwarder> forwarder, InFlightLimit inFlight,
            Supplier<MqttAsyncClient> client) {
        this.id = id;
        this.state = state;
        this.forwarder = forwarder;
        this.inFlight = inFlight;
        this.client = client;
    }

    void reportState(ObjectNode partial) {
        state.merge(partial, full -> {
            MqttAsyncClient c = client.get();
            if (forwarder.isPresent()) {
                forwarder.get().offer(Topics.state(id), true, WireJson.toBytes(full));
            } else if (c.isConnected()) {
                publishQuietly(c, Topics.state(id), WireJson.toBytes(full), QOS_AT_LEAST_ONCE, true, null);
            } // else: the whole state goes out with the next connect
        });
    }

    boolean sendTelemetry(ObjectNode measurements) {
        if (forwarder.isPresent()) {
            // Stamped now: a buffered measurement may reach the hub hours later.
            ObjectNode stamped = measurements.has("ts") ? measurements : measurements.deepCopy().put("ts", System.currentTimeMillis());
            return forwarder.get().offer(Topics.telemetry(id), false, WireJson.toBytes(stamped));
        }
        MqttAsyncClient c = client.get();
        return c.isConnected()
                && publishQuietly(c, Topics.telemetry(id), WireJson.toBytes(measurements), QOS_AT_MOST_ONCE, false, null) != null;
    }

    IMqttToken publish(MqttAsyncClient c, String topic, byte[] payload, int qos, boolean retained, MqttProperties props)
            throws MqttException {
        MqttMessage message = new MqttMessage(payload, qos, retained, props);
        return inFlight.publish(c, topic, message);
    }

    /** Publishes, logging instead of throwing; null when the message was not handed to the client. */
    IMqttToken publishQuietly(MqttAsyncClient c, String topic, byte[] payload, int qos, boolean retained,
            MqttProperties props) {
        try {
            return publish(c, topic, payload, qos, retained, props);
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "device {0}: publish on {1} failed: {2}", id, topic, e.getMessage());
            return null;
        }
    }
}
