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
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Turns what happens to devices into storage writes: latest state, status, and history points. */
final class StorageFeed implements DeviceStateStore.AvailabilityListener {
    private final StorageWriter writer;

    StorageFeed(StorageWriter writer) {
        this.writer = writer;
    }

    /** See {@link dev.hearth.hub.broker.DeviceTraffic#beginAcknowledged()}. */
    void beginAcknowledged() {
        writer.beginCapture();
    }

    CompletableFuture<Boolean> endAcknowledged() {
        return writer.commitCaptured();
    }

    void onStateChange(StateChange change) {
        Optional<JsonNode> value = change.current().isNull() ? Optional.empty() : Optional.of(change.current());
        writer.offer(new Write.LatestState(change.deviceId(), change.attribute(), value, change.at()));
        value.ifPresent(v -> writer.offer(new Write.History(new HistoryPoint(change.deviceId(), change.attribute(), change.at(), v))));
    }

    @Override
    public void onAvailability(String deviceId, Availability availability, Instant at) {
        writer.offer(new Write.Status(deviceId, availability.name().toLowerCase(Locale.ROOT), at, Optional.empty()));
    }

    void onMeta(String deviceId, ObjectNode meta, Availability availability, Instant at) {
        writer.offer(new Write.Status(deviceId, availability.name().toLowerCase(Locale.ROOT), at, Optional.of(meta)));
    }

    /** {@code at}: the measurement time the broker checked ({@link dev.hearth.wire.Telemetry#measuredAt}). */
    void onTelemetry(String deviceId, ObjectNode measurements, Instant at) {
        Iterator<Map.Entry<String, JsonNode>> fields = measurements.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals(Telemetry.TIMESTAMP_FIELD) && !field.getValue().isNull()) {
                writer.offer(new Write.History(new HistoryPoint(deviceId, field.getKey(), at, field.getValue())));
            }
        }
    }
}
