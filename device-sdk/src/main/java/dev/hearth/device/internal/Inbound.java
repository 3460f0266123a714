package dev.hearth.device.internal;

import dev.hearth.device.DesiredStateHandler;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.DeviceTopic;
import dev.hearth.wire.TopicKind;
import dev.hearth.wire.Topics;
import dev.hearth.wire.WireJson;
import java.lang.System.Logger.Level;
import java.util.Optional;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * What the hub sends a device: commands (answered on the response topic, with the correlation
 * data) and the desired state. Runs on the device's command thread, one message at a time.
 */
final class Inbound {
    private static final System.Logger LOG = System.getLogger(Inbound.class.getName());

    /** Sends a reply; false if it could not be handed to the client. */
    @FunctionalInterface
    interface Replier {
        boolean reply(String topic, byte[] payload, MqttProperties properties);
    }

    private final String id;
    private final CommandDispatcher dispatcher;
    private final Optional<DesiredStateHandler> desired;
    private final Replier replier;

    Inbound(String id, CommandDispatcher dispatcher, Optional<DesiredStateHandler> desired, Replier replier) {
        this.id = id;
        this.dispatcher = dispatcher;
        this.desired = desired;
        this.replier = replier;
    }

    void handle(String topic, MqttMessage message) {
        Optional<DeviceTopic> parsed = Topics.parse(topic).filter(t -> t.deviceId().equals(id));
        if (parsed.isPresent() && parsed.get().kind() == TopicKind.DESIRED && desired.isPresent()) {
            handleDesired(message);
        } else if (parsed.isPresent() && parsed.get().kind() == TopicKind.COMMAND) {
            handleCommand(parsed.get().commandName().orElseThrow(), message);
        } else {
            LOG.log(Level.WARNING, "device {0}: ignoring a message on {1}", id, topic);
        }
    }

    private void handleDesired(MqttMessage message) {
        if (message.getPayload() == null || message.getPayload().length == 0) {
            return; // the retained desired state was cleared
        }
        try {
            desired.get().onDesiredState(WireJson.parseObject(message.getPayload()));
        } catch (WireJson.InvalidPayloadException e) {
            LOG.log(Level.WARNING, "device {0}: ignoring a malformed desired state: {1}", id, e.getMessage());
        } catch (Exception | LinkageError | AssertionError e) {
            LOG.log(Level.WARNING, "device " + id + ": the desired-state handler failed", e);
        }
    }

    private void handleCommand(String name, MqttMessage message) {
        CommandReply reply = dispatcher.dispatch(name, message.getPayload());
        MqttProperties request = message.getProperties();
        MqttProperties props = new MqttProperties();
        props.setContentType("application/json");
        if (request != null && request.getCorrelationData() != null) {
            props.setCorrelationData(request.getCorrelationData());
        }
        String replyTopic = replyTopic(request == null ? null : request.getResponseTopic());
        if (!replier.reply(replyTopic, WireJson.toBytes(reply), props)) {
            LOG.log(Level.WARNING, "device {0}: could not send the reply to ''{1}''", id, name);
        }
    }

    /**
     * The request's response topic if it lies in this device's own topics, else
     * {@code devices/{id}/replies}: the broker's ACL lets a device publish only under its own
     * prefix, and a refused publish would cost the device its connection.
     */
    private String replyTopic(String requested) {
        String own = Topics.deviceFilter(id);
        String prefix = own.substring(0, own.length() - 1);
        if (requested != null && requested.startsWith(prefix) && requested.length() > prefix.length()
                && !requested.contains("+") && !requested.contains("#")) {
            return requested;
        }
        if (requested != null) {
            LOG.log(Level.WARNING, "device {0}: response topic {1} is outside {2}; replying on {3}", id, requested, own,
                    Topics.replies(id));
        }
        return Topics.replies(id);
    }
}
