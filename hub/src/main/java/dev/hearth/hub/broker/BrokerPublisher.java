package dev.hearth.hub.broker;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import dev.hearth.hub.commands.CommandPublisher;
import dev.hearth.wire.Topics;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Commands (and desired state) go out as in-process publishes of the running broker, QoS 1;
 * commands carry the MQTT 5 response topic and correlation data the device replies with.
 * Usable once the broker runs.
 */
public final class BrokerPublisher implements CommandPublisher {
    /** The desired state for a device, retained so that it finds it when it (re)connects. */
    public CompletableFuture<Void> publishDesired(String deviceId, byte[] desired) {
        return Services.publishService().publish(Builders.publish()
                .topic(Topics.desired(deviceId))
                .qos(Qos.AT_LEAST_ONCE)
                .retain(true)
                .payload(ByteBuffer.wrap(desired))
                .contentType("application/json")
                .build());
    }

    /**
     * A command in a native protocol's form (Tasmota's {@code cmnd/plug-1/POWER ON}): plain bytes, no MQTT 5
     * properties a native device would not read, and never retained, whatever asks for it: a retained
     * command is delivered again each time the device reconnects and switches it again ("ghost switching").
     */
    public CompletableFuture<Void> publishNative(String topic, byte[] payload) {
        return publishPlain(topic, payload, false);
    }

    /**
     * What the hub publishes for a client that is no device (Home Assistant's discovery, values, availability):
     * plain bytes; retained when a late subscriber must find it. An empty retained payload removes the retained one.
     */
    public CompletableFuture<Void> publishPlain(String topic, byte[] payload, boolean retain) {
        return Services.publishService().publish(Builders.publish()
                .topic(topic)
                .qos(Qos.AT_LEAST_ONCE)
                .retain(retain)
                .payload(ByteBuffer.wrap(payload))
                .build());
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, String responseTopic, byte[] correlationData) {
        return Services.publishService().publish(Builders.publish()
                .topic(topic)
                .qos(Qos.AT_LEAST_ONCE)
                .payload(ByteBuffer.wrap(payload))
                .contentType("application/json")
                .responseTopic(responseTopic)
                .correlationData(ByteBuffer.wrap(correlationData))
                .build());
    }
}
