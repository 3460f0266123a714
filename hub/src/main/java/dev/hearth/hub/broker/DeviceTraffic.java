package dev.hearth.hub.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

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
}
