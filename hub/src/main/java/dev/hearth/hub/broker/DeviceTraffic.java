package dev.hearth.hub.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.storage.Write;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.WireJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the broker hands the hub from devices, already checked: the topic belongs to the
 * authenticated device that published it, and payloads follow the wire contract. Taking a
 * message returns the writes it causes; the broker hands them back to be stored, and for a QoS 1
 * message waits for their commit before its PUBACK.
 */
public interface DeviceTraffic {
    /** Refused when it would take the device's state past what the hub keeps for one device. */
    List<Write> onState(String deviceId, ObjectNode reported, Instant at) throws WireJson.InvalidPayloadException;

    List<Write> onMeta(String deviceId, ObjectNode meta, Instant at);

    /** {@code measuredAt} is the message's checked {@code ts}, or {@code received} when it has none. */
    List<Write> onTelemetry(String deviceId, ObjectNode measurements, Instant measuredAt, Instant received);

    void onReply(String deviceId, Optional<byte[]> correlationData, CommandReply reply);

    /** A publish the hub refused, by reason: rate_limited, or a {@link dev.hearth.wire.PayloadFault} code. */
    void onRejected(String deviceId, String topic, String reason);

    /** A QoS 0 message's writes: queued, and nobody waits for them. */
    void store(List<Write> writes);

    /**
     * A QoS 1 message's writes, committed together: {@code STORED} once they are (its PUBACK may go), else why not
     * (in cluster mode, its events must be in Kafka too).
     */
    CompletableFuture<Acknowledgement> storeAcknowledged(List<Write> writes);
}
