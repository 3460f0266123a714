package dev.hearth.hub.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.WireJson;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the broker hands the hub from devices, already checked: the topic belongs to the
 * authenticated device that published it, and payloads follow the wire contract.
 */
public interface DeviceTraffic {
    /** Refused when it would take the device's state past what the hub keeps for one device. */
    void onState(String deviceId, ObjectNode reported, Instant at) throws WireJson.InvalidPayloadException;

    void onMeta(String deviceId, ObjectNode meta, Instant at);

    /** {@code measuredAt} is the message's checked {@code ts}, or {@code received} when it has none. */
    void onTelemetry(String deviceId, ObjectNode measurements, Instant measuredAt, Instant received);

    void onReply(String deviceId, Optional<byte[]> correlationData, CommandReply reply);

    /** A publish the hub refused, by reason: rate_limited, or a {@link dev.hearth.wire.PayloadFault} code. */
    void onRejected(String deviceId, String topic, String reason);

    /**
     * Called before the hub takes a QoS 1 message on this thread: what it will store for the
     * message is kept together until {@link #endAcknowledged()}.
     */
    void beginAcknowledged();

    /** True once what the message changed is committed to storage (its PUBACK may go), false when it could not be stored. */
    CompletableFuture<Boolean> endAcknowledged();
}
