package dev.hearth.hub.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import dev.hearth.rules.StateChange;
import dev.hearth.rules.StateView;
import dev.hearth.wire.PayloadFault;
import dev.hearth.wire.WireJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The latest reported state of every device, in memory. Written from the broker's threads,
 * read by the rules engine and the HTTP API; each device's entry is guarded by its own lock, so
 * devices never wait on each other.
 */
public final class DeviceStateStore implements StateView {
    /**
     * A device's whole reported state, as JSON, may not grow past this: each report is small, but a
     * device adding new attributes at its message rate would otherwise fill the hub's memory.
     */
    public static final int MAX_STATE_BYTES = 256 * 1024;

    private final Map<String, Entry> devices = new ConcurrentHashMap<>();
    private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<AvailabilityListener> availabilityListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong metaChanges = new AtomicLong();

    /** Known devices are listed (availability unknown) before they first connect. */
    public void register(String deviceId) {
        devices.computeIfAbsent(deviceId, Entry::new);
    }

    public void onChange(Consumer<StateChange> listener) {
        listeners.add(listener);
    }

    public void onAvailability(AvailabilityListener listener) {
        availabilityListeners.add(listener);
    }

    /** What was stored when the hub last ran; no listener hears it, since nothing changed. */
    public void restore(String deviceId, ObjectNode reported, Map<String, Instant> updatedAt,
                        Optional<Instant> lastSeen, Optional<ObjectNode> meta) {
        Entry entry = devices.computeIfAbsent(deviceId, Entry::new);
        synchronized (entry) {
            reported.fields().forEachRemaining(field -> entry.set(field.getKey(), field.getValue().deepCopy(), sizeOf(field.getValue())));
            entry.updatedAt.putAll(updatedAt);
            entry.lastSeen = lastSeen.orElse(null);
            entry.meta = meta.map(ObjectNode::deepCopy).orElse(null);
            // no connection survives a restart: known devices are offline until they reconnect
            entry.availability = lastSeen.isPresent() ? Availability.OFFLINE : Availability.UNKNOWN;
        }
    }

    /**
     * Merges a (possibly partial) report into the device's state; an attribute set to JSON null is
     * removed. Listeners hear one change per attribute whose value actually changed. A report that
     * would take the state past {@link #MAX_STATE_BYTES} is refused whole, and changes nothing.
     */
    public List<StateChange> mergeReported(String deviceId, ObjectNode partial, Instant at)
            throws WireJson.InvalidPayloadException {
        Entry entry = devices.computeIfAbsent(deviceId, Entry::new);
        List<StateChange> changes = new ArrayList<>();
        Map<String, Integer> sizes = new HashMap<>();
        partial.fields().forEachRemaining(field -> sizes.put(field.getKey(), sizeOf(field.getValue())));
        synchronized (entry) {
            long after = entry.reportedBytes;
            for (Map.Entry<String, Integer> size : sizes.entrySet()) {
                after += size.getValue() - entry.attributeBytes.getOrDefault(size.getKey(), 0);
            }
            if (after > MAX_STATE_BYTES) {
                throw new WireJson.InvalidPayloadException(PayloadFault.STATE_TOO_LARGE, "the device's state would be "
                        + after + " bytes, more than the " + MAX_STATE_BYTES + " the hub keeps for a device");
            }
            entry.lastSeen = at;
            Iterator<Map.Entry<String, JsonNode>> fields = partial.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String attribute = field.getKey();
                JsonNode value = field.getValue();
                JsonNode previous = entry.reported.get(attribute);
                if (value.equals(previous) || (value.isNull() && previous == null)) {
                    continue;
                }
                entry.set(attribute, value.deepCopy(), sizes.get(attribute));
                entry.updatedAt.put(attribute, at);
                changes.add(new StateChange(deviceId, attribute, Optional.ofNullable(previous),
                        value.isNull() ? NullNode.getInstance() : value.deepCopy(), at));
            }
        }
        changes.forEach(change -> listeners.forEach(listener -> listener.accept(change)));
        return changes;
    }

    public void setMeta(String deviceId, ObjectNode meta, Instant at) {
        Entry entry = devices.computeIfAbsent(deviceId, Entry::new);
        synchronized (entry) {
            if (!meta.equals(entry.meta)) {
                metaChanges.incrementAndGet();
            }
            entry.meta = meta.deepCopy();
            entry.lastSeen = at;
        }
    }

    /** Counts the metas that changed (what rules may name, too): rules refused for an unknown attribute look again. */
    public long metaChanges() {
        return metaChanges.get();
    }

    public void setAvailability(String deviceId, Availability availability, Instant at) {
        Entry entry = devices.computeIfAbsent(deviceId, Entry::new);
        Availability before;
        synchronized (entry) {
            before = entry.availability;
            entry.availability = availability;
            entry.lastSeen = at;
        }
        if (before != availability) {
            availabilityListeners.forEach(listener -> listener.onAvailability(deviceId, availability, at));
        }
    }

    public void touch(String deviceId, Instant at) {
        Entry entry = devices.computeIfAbsent(deviceId, Entry::new);
        synchronized (entry) {
            entry.lastSeen = at;
        }
    }

    public Optional<DeviceSnapshot> snapshot(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId)).map(Entry::snapshot);
    }

    public List<DeviceSnapshot> snapshots() {
        return devices.values().stream().map(Entry::snapshot)
                .sorted(Comparator.comparing(DeviceSnapshot::id)).toList();
    }

    @Override
    public Optional<JsonNode> attribute(String deviceId, String attribute) {
        Entry entry = devices.get(deviceId);
        if (entry == null) {
            return Optional.empty();
        }
        synchronized (entry) {
            return Optional.ofNullable(entry.reported.get(attribute)).map(JsonNode::deepCopy);
        }
    }

    /** Told when a device goes online or offline. */
    @FunctionalInterface
    public interface AvailabilityListener {
        void onAvailability(String deviceId, Availability availability, Instant at);
    }

    /** The bytes an attribute adds to the state's JSON, near enough; a null (removal) adds none. */
    private static int sizeOf(JsonNode value) {
        if (value.isNull()) {
            return 0;
        }
        if (value.isTextual()) {
            return value.textValue().length() + 2; // escapes aside: this runs on every state report
        }
        return value.isValueNode() ? value.asText().length() : WireJson.toBytes(value).length;
    }

    private static final class Entry {
        private final String id;
        private final ObjectNode reported = JsonNodeFactory.instance.objectNode();
        private final Map<String, Integer> attributeBytes = new HashMap<>();
        private long reportedBytes;
        private final Map<String, Instant> updatedAt = new HashMap<>();
        private ObjectNode meta;
        private Availability availability = Availability.UNKNOWN;
        private Instant lastSeen;

        Entry(String id) {
            this.id = id;
        }

        /** Sets, or with JSON null removes, an attribute, keeping the state's size in step. */
        void set(String attribute, JsonNode value, int bytes) {
            reportedBytes -= attributeBytes.getOrDefault(attribute, 0);
            if (value.isNull()) {
                reported.remove(attribute);
                attributeBytes.remove(attribute);
            } else {
                reported.set(attribute, value);
                attributeBytes.put(attribute, bytes);
                reportedBytes += bytes;
            }
        }

        synchronized DeviceSnapshot snapshot() {
            return new DeviceSnapshot(id, availability, Optional.ofNullable(lastSeen), reported.deepCopy(),
                    updatedAt, Optional.ofNullable(meta).map(ObjectNode::deepCopy));
        }
    }
}
