package dev.hearth.hub.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the broker hands the hub from devices, already checked: the topic belongs to the
 * authenticated device that published it, and JSON payloads are JSON objects.
 */
public interface DeviceTraffic {
    void onState(String deviceId, ObjectNode reported, Instant at);

    void onMeta(String deviceId, ObjectNode meta, Instant at);

    void onTelemetry(String deviceId, ObjectNode measurements, Instant at);

    void onReply(String deviceId, Optional<byte[]> correlationData, byte[] payload);

    /** A publish the hub refused, by reason (invalid_payload, rate_limited). */
    void onRejected(String deviceId, String topic, String reason);

    /**
     * Called before the hub takes a QoS 1 message on this thread: what it will store for the
     * message is kept together until {@link #endAcknowledged()}.
     */
    void beginAcknowledged();

    /** True once what the message changed is committed to storage (its PUBACK may go), false when it could not be stored. */
    CompletableFuture<Boolean> endAcknowledged();
}
