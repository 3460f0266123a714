package dev.hearth.device.internal;

import dev.hearth.device.internal.buffer.Forwarder;
import dev.hearth.wire.Availability;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * What a device does on each new connection, in the order the wire contract asks: subscribe
 * first, so no command is missed; then meta, the state, and {@code online} last, once the device
 * is ready. Changes when the wire contract does.
 */
final class SessionSetUp {
    private static final System.Logger LOG = System.getLogger(PahoHearthDevice.class.getName());
    private static final int QOS_AT_LEAST_ONCE = 1;

    /** The broker accepted the connection but the set-up on it failed; the message says so in full. */
    static final class Failed extends Exception {
        Failed(String message, MqttException cause) {
            super(message, cause);
        }
    }

    private final DeviceSettings settings;
    private final String id;
    private final ReportedState state;
    private final Optional<Forwarder> forwarder;
    private final InFlightLimit inFlight;

    SessionSetUp(DeviceSettings settings, ReportedState state, Optional<Forwarder> forwarder, InFlightLimit inFlight) {
        this.settings = settings;
        this.id = settings.deviceId();
        this.state = state;
        this.forwarder = forwarder;
        this.inFlight = inFlight;
    }

    /** Sets the session up on {@code c}, connected a moment ago. */
    void run(MqttAsyncClient c) throws Failed {
        try {
            setUp(c);
        } catch (MqttException e) {
            throw new Failed("connected to " + settings.serverUri() + " but could not set up device " + id + ": "
                    + e.getMessage(), e);
        }
    }

    private void setUp(MqttAsyncClient c) throws MqttException {
        long timeout = settings.connectTimeout().toMillis();
        MqttSubscription[] subscriptions = settings.desiredStateHandler().isPresent()
                ? new MqttSubscription[] {new MqttSubscription(Topics.commandsFilter(id), QOS_AT_LEAST_ONCE),
                        new MqttSubscription(Topics.desired(id), QOS_AT_LEAST_ONCE)}
                : new MqttSubscription[] {new MqttSubscription(Topics.commandsFilter(id), QOS_AT_LEAST_ONCE)};
        IMqttToken subscribed = c.subscribe(subscriptions);
        subscribed.waitForCompletion(timeout);
        int[] codes = subscribed.getReasonCodes();
        for (int i = 0; codes != null && i < codes.length && i < subscriptions.length; i++) {
            if (codes[i] >= 0x80) {
                throw new MqttException(codes[i], new IllegalStateException("subscription to " + subscriptions[i].getTopic()
                        + " refused (reason " + codes[i] + ")"));
            }
        }
        if (settings.meta().isPresent()) {
            publish(c, Topics.meta(id), settings.meta().get().toBytes()).waitForCompletion(timeout);
        }
        if (forwarder.isPresent()) {
            // Behind whatever is buffered, so the retained state ends up the newest one.
            state.current(full -> {
                if (!full.isEmpty()) {
                    forwarder.get().offer(Topics.state(id), true, WireJson.toBytes(full));
                }
            });
        } else {
            IMqttToken[] stateToken = new IMqttToken[1];
            state.current(full -> {
                try {
                    if (!full.isEmpty()) {
                        stateToken[0] = publish(c, Topics.state(id), WireJson.toBytes(full));
                    }
                } catch (MqttException e) {
                    LOG.log(Level.DEBUG, "device {0}: publish on {1} failed: {2}", id, Topics.state(id), e.getMessage());
                }
            });
            if (stateToken[0] != null) {
                stateToken[0].waitForCompletion(timeout);
            }
        }
        publish(c, Topics.status(id), Availability.ONLINE.wire().getBytes(StandardCharsets.UTF_8)).waitForCompletion(timeout);
    }

    /** Retained, at QoS 1. */
    private IMqttToken publish(MqttAsyncClient c, String topic, byte[] payload) throws MqttException {
        return inFlight.publish(c, topic, new MqttMessage(payload, QOS_AT_LEAST_ONCE, true, null));
    }
}
