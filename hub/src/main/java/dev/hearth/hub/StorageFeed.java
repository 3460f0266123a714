package dev.hearth.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.storage.HistoryPoint;
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
final class StorageFeed implements DeviceStateStore.AvailabilityListener {
    private final StorageWriter writer;

    StorageFeed(StorageWriter writer) {
        this.writer = writer;
    }

    /** Each write queued alone: nobody waits for them (a QoS 0 message). */
    void store(List<Write> writes) {
        writes.forEach(writer::offer);
    }

    /** Queued as one unit; see {@link StorageWriter#offerTogether}. */
    CompletableFuture<Boolean> storeAcknowledged(List<Write> writes) {
        return writer.offerTogether(writes);
    }

    /** The latest value of each changed attribute, and a history point unless it was removed. */
    static List<Write> ofState(List<StateChange> changes) {
        List<Write> writes = new ArrayList<>(changes.size() * 2);
        for (StateChange change : changes) {
            Optional<JsonNode> value = change.current().isNull() ? Optional.empty() : Optional.of(change.current());
            writes.add(new Write.LatestState(change.deviceId(), change.attribute(), value, change.at()));
            value.ifPresent(v -> writes.add(new Write.History(new HistoryPoint(change.deviceId(), change.attribute(), change.at(), v))));
        }
        return writes;
    }

    static List<Write> ofMeta(String deviceId, ObjectNode meta, Availability availability, Instant at) {
        return List.of(new Write.Status(deviceId, availability.name().toLowerCase(Locale.ROOT), at, Optional.of(meta)));
    }

    /** {@code at}: the measurement time the broker checked ({@link dev.hearth.wire.Telemetry#measuredAt}). */
    static List<Write> ofTelemetry(String deviceId, ObjectNode measurements, Instant at) {
        List<Write> writes = new ArrayList<>(measurements.size());
        Iterator<Map.Entry<String, JsonNode>> fields = measurements.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals(Telemetry.TIMESTAMP_FIELD) && !field.getValue().isNull()) {
                writes.add(new Write.History(new HistoryPoint(deviceId, field.getKey(), at, field.getValue())));
            }
        }
        return writes;
    }

    @Override
    public void onAvailability(String deviceId, Availability availability, Instant at) {
        writer.offer(new Write.Status(deviceId, availability.name().toLowerCase(Locale.ROOT), at, Optional.empty()));
    }
}
