package dev.hearth.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.storage.HistoryPoint;
import dev.hearth.hub.storage.StorageWriter;
import dev.hearth.hub.storage.Write;
import dev.hearth.rules.StateChange;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Turns what happens to devices into storage writes: latest state, status, and history points. */
final class StorageFeed implements DeviceStateStore.AvailabilityListener {
    /** A telemetry object may say when it was measured; otherwise it is "now". */
    private static final String TIMESTAMP_FIELD = "ts";

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

    void onTelemetry(String deviceId, ObjectNode measurements, Instant received) {
        Instant at = measuredAt(measurements.get(TIMESTAMP_FIELD)).orElse(received);
        Iterator<Map.Entry<String, JsonNode>> fields = measurements.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals(TIMESTAMP_FIELD) && !field.getValue().isNull()) {
                writer.offer(new Write.History(new HistoryPoint(deviceId, field.getKey(), at, field.getValue())));
            }
        }
    }

    /** Epoch milliseconds or an ISO-8601 instant; anything else is ignored. */
    private static Optional<Instant> measuredAt(JsonNode ts) {
        if (ts == null) {
            return Optional.empty();
        }
        if (ts.canConvertToLong()) {
            return Optional.of(Instant.ofEpochMilli(ts.asLong()));
        }
        try {
            return ts.isTextual() ? Optional.of(Instant.parse(ts.asText())) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
