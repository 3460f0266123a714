package dev.hearth.hub.broker;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import dev.hearth.hub.commands.CommandPublisher;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Commands go out as in-process publishes of the running broker, QoS 1, with the MQTT 5
 * response topic and correlation data the device replies with. Usable once the broker runs.
 */
public final class BrokerPublisher implements CommandPublisher {
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
