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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /**
     * Attribute names are counted in {@link #MAX_STATE_BYTES}, and kept besides in the time each
     * was updated and in storage: a name is a word or two, never a page.
     */
    public static final int MAX_ATTRIBUTE_NAME_LENGTH = 128;
    /** Attributes one device may have: a device has a handful, the dashboard shows them all. */
    public static final int MAX_ATTRIBUTES = 256;
    private static final Logger LOG = LoggerFactory.getLogger(DeviceStateStore.class);

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
            // what an older hub stored before the limits were there must not come back at every start
            Iterator<Map.Entry<String, JsonNode>> fields = reported.fields();
            int skipped = 0;
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String attribute = field.getKey();
                if (attribute.length() > MAX_ATTRIBUTE_NAME_LENGTH
                        || (!entry.attributeBytes.containsKey(attribute) && entry.attributeBytes.size() >= MAX_ATTRIBUTES)) {
                    skipped++;
                    continue;
                }
                entry.set(attribute, field.getValue().deepCopy(), sizeOf(attribute, field.getValue()));
                Instant updated = updatedAt.get(attribute);
                if (updated != null) {
                    entry.updatedAt.put(attribute, updated);
                }
            }
            if (skipped > 0) {
                LOG.warn("device {}: {} stored attributes not restored: names over {} characters or more than {} attributes",
                        deviceId, skipped, MAX_ATTRIBUTE_NAME_LENGTH, MAX_ATTRIBUTES);
            }
            entry.lastSeen = lastSeen.orElse(null);
            entry.meta = meta.map(ObjectNode::deepCopy).orElse(null);
            // no connection survives a restart: known devices are offline until they reconnect
            entry.availability = lastSeen.isPresent() ? Availability.OFFLINE : Availability.UNKNOWN;
        }
    }

    /**
     * Merges a (possibly partial) report into the device's state; an attribute set to JSON null is
     * removed. Returns one change per attribute whose value actually changed, which listeners hear
     * too; storing them is the caller's, so a listener that fails cannot lose them. A report that
     * names an attribute longer than {@link #MAX_ATTRIBUTE_NAME_LENGTH}, or would take the state past
     * {@link #MAX_ATTRIBUTES} or {@link #MAX_STATE_BYTES}, is refused whole, and changes nothing.
     */
    public List<StateChange> mergeReported(String deviceId, ObjectNode partial, Instant at)
            throws WireJson.InvalidPayloadException {
        Map<String, Integer> sizes = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> reportedFields = partial.fields();
        while (reportedFields.hasNext()) {
            Map.Entry<String, JsonNode> field = reportedFields.next();
            if (field.getKey().length() > MAX_ATTRIBUTE_NAME_LENGTH) {
                // the name itself stays out of the message: it is what must not be kept
                throw new WireJson.InvalidPayloadException(PayloadFault.ATTRIBUTE_NAME_TOO_LONG, "an attribute name of "
                        + field.getKey().length() + " characters, more than the " + MAX_ATTRIBUTE_NAME_LENGTH + " the hub accepts");
            }
            sizes.put(field.getKey(), sizeOf(field.getKey(), field.getValue()));
        }
        Entry entry = devices.computeIfAbsent(deviceId, Entry::new);
        List<StateChange> changes = new ArrayList<>();
        synchronized (entry) {
            long after = entry.reportedBytes;
            int attributes = entry.attributeBytes.size();
            for (Map.Entry<String, Integer> size : sizes.entrySet()) {
                Integer before = entry.attributeBytes.get(size.getKey());
                after += size.getValue() - (before == null ? 0 : before);
                if (before == null && size.getValue() > 0) {
                    attributes++;
                } else if (before != null && size.getValue() == 0) {
                    attributes--;
                }
            }
            if (attributes > MAX_ATTRIBUTES) {
                throw new WireJson.InvalidPayloadException(PayloadFault.TOO_MANY_ATTRIBUTES, "the device would have "
                        + attributes + " attributes, more than the " + MAX_ATTRIBUTES + " the hub keeps for a device");
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
        changes.forEach(this::tell);
        return changes;
    }

    /** A listener that fails is logged: the others still hear the change, and the caller still gets it to store. */
    private void tell(StateChange change) {
        for (Consumer<StateChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.error("a state listener failed on {}.{}", change.deviceId(), change.attribute(), e);
            }
        }
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

    /**
     * The bytes an attribute adds to the state's JSON, its name ({@code "name":}) included, near
     * enough; a null (removal) adds none.
     */
    private static int sizeOf(String attribute, JsonNode value) {
        if (value.isNull()) {
            return 0;
        }
        int name = attribute.length() + 3;
        if (value.isTextual()) {
            return name + value.textValue().length() + 2; // escapes aside: this runs on every state report
        }
        return name + (value.isValueNode() ? value.asText().length() : WireJson.toBytes(value).length);
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
