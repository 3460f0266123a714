package dev.hearth.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.broker.Acknowledgement;
import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.storage.StorageWriter;
import dev.hearth.hub.storage.Write;
import dev.hearth.rules.StateChange;
import dev.hearth.wire.Telemetry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Turns what happens to devices into storage writes: latest state, status, and history points.
 * A message's writes are returned to whoever took the message, who queues them ({@link #store},
 * {@link #storeAcknowledged}); a change of availability comes from the connection, not a message,
 * and is queued here.
 */
public final class StorageFeed implements DeviceStateStore.AvailabilityListener {
    private final StorageWriter writer;
    private final boolean rowsFromSink;

    /**
     * {@code rowsFromSink}: in cluster mode, the rows of the hub's events are written by the cluster's storage sink
     * from Kafka ({@link dev.hearth.hub.cluster.ClusterSink}), once whichever hub holds the device; the hub writes none
     * of them itself (they would be stored twice), and a QoS 1 message waits for Kafka's acknowledgement only.
     */
    StorageFeed(StorageWriter writer, boolean rowsFromSink) {
        this.writer = writer;
        this.rowsFromSink = rowsFromSink;
    }

    /** Each write queued alone: nobody waits for them (a QoS 0 message); its cluster events went out already. */
    void store(List<Write> writes) {
        if (!rowsFromSink) {
            writes.stream().filter(write -> !(write instanceof Write.ClusterReceipt)).forEach(writer::offer);
        }
    }

    /**
     * Queued as one unit ({@link StorageWriter#offerTogether}); in cluster mode, stored only once Kafka acknowledged
     * the message's events as well.
     */
    CompletableFuture<Acknowledgement> storeAcknowledged(List<Write> writes) {
        List<CompletableFuture<Boolean>> receipts = writes.stream().filter(Write.ClusterReceipt.class::isInstance)
                .map(write -> ((Write.ClusterReceipt) write).written()).toList();
        CompletableFuture<Boolean> stored = writer.offerTogether(receipts.isEmpty() ? writes
                : rowsFromSink ? List.of() : writes.stream().filter(write -> !(write instanceof Write.ClusterReceipt)).toList());
        if (receipts.isEmpty()) {
            return stored.thenApply(ok -> ok ? Acknowledgement.STORED : Acknowledgement.NOT_STORED);
        }
        CompletableFuture<Boolean> inCluster = CompletableFuture.allOf(receipts.toArray(CompletableFuture[]::new))
                .thenApply(done -> receipts.stream().allMatch(CompletableFuture::join));
        return stored.thenCombine(inCluster, (ok, sent) -> !ok ? Acknowledgement.NOT_STORED
                : sent ? Acknowledgement.STORED : Acknowledgement.NOT_IN_CLUSTER);
    }

    /**
     * The latest value of each changed attribute, and one history row of the values that are not
     * removals. The changes of one message share its device and time.
     */
    public static List<Write> ofState(List<StateChange> changes) {
        List<Write> writes = new ArrayList<>(changes.size() + 1);
        ObjectNode reported = JsonNodeFactory.instance.objectNode();
        for (StateChange change : changes) {
            Optional<JsonNode> value = change.current().isNull() ? Optional.empty() : Optional.of(change.current());
            writes.add(new Write.LatestState(change.deviceId(), change.attribute(), value, change.at()));
            value.ifPresent(v -> reported.set(change.attribute(), v));
        }
        if (!reported.isEmpty()) {
            StateChange first = changes.get(0);
            writes.add(new Write.History(first.deviceId(), first.at(), reported));
        }
        return writes;
    }

    public static List<Write> ofMeta(String deviceId, ObjectNode meta, Availability availability, Instant at) {
        return List.of(new Write.Status(deviceId, availability.name().toLowerCase(Locale.ROOT), at, Optional.of(meta)));
    }

    /** {@code at}: the measurement time the broker checked ({@link dev.hearth.wire.Telemetry#measuredAt}). */
    public static List<Write> ofTelemetry(String deviceId, ObjectNode measurements, Instant at) {
        ObjectNode measured = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = measurements.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals(Telemetry.TIMESTAMP_FIELD) && !field.getValue().isNull()) {
                measured.set(field.getKey(), field.getValue());
            }
        }
        return measured.isEmpty() ? List.of() : List.of(new Write.History(deviceId, at, measured));
    }

    @Override
    public void onAvailability(String deviceId, Availability availability, Instant at) {
        if (rowsFromSink) {
            return;
        }
        writer.offer(new Write.Status(deviceId, availability.name().toLowerCase(Locale.ROOT), at, Optional.empty()));
    }
}
