package dev.hearth.hub.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import dev.hearth.rules.StateChange;
import dev.hearth.rules.StateView;
import dev.hearth.wire.MergedState;
import dev.hearth.wire.WireJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private static final Logger LOG = LoggerFactory.getLogger(DeviceStateStore.class);

    private final Map<String, Entry> devices = new ConcurrentHashMap<>();
    private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<AvailabilityListener> availabilityListeners = new CopyOnWriteArrayList<>();
    private final List<MetaListener> metaListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong metaChanges = new AtomicLong();
    /**
     * Devices removed while the hub runs. Their dropped connection's late events (its offline, a message that was
     * on its way) must not bring back an empty entry, nor a status row that a restart would restore; a removed device
     * is back only when it is provisioned again, connects (which needs a new credential), or an adapter speaks for it.
     */
    private final Set<String> removed = ConcurrentHashMap.newKeySet();

    /** Known devices are listed (availability unknown) before they first connect. */
    public void register(String deviceId) {
        removed.remove(deviceId);
        devices.computeIfAbsent(deviceId, Entry::new);
    }

    /** The device's entry, made if need be; none for a removed device's late events. */
    private Optional<Entry> entryFor(String deviceId) {
        Entry entry = devices.get(deviceId);
        if (entry != null) {
            return Optional.of(entry);
        }
        return removed.contains(deviceId) ? Optional.empty() : Optional.of(devices.computeIfAbsent(deviceId, Entry::new));
    }

    public void onChange(Consumer<StateChange> listener) {
        listeners.add(listener);
    }

    public void onAvailability(AvailabilityListener listener) {
        availabilityListeners.add(listener);
    }

    /** Told when a device's meta changes, and when the device is removed (an empty meta). */
    public void onMeta(MetaListener listener) {
        metaListeners.add(listener);
    }

    /** A removed device: its entry, state and meta are forgotten (its stored history is not). */
    public void remove(String deviceId) {
        removed.add(deviceId);
        if (devices.remove(deviceId) != null) {
            metaChanges.incrementAndGet();
            tellMeta(deviceId, Optional.empty());
        }
    }

    private void tellMeta(String deviceId, Optional<ObjectNode> meta) {
        for (MetaListener listener : metaListeners) {
            try {
                listener.onMeta(deviceId, meta);
            } catch (RuntimeException e) {
                LOG.error("a meta listener failed on {}", deviceId, e);
            }
        }
    }

    /** What was stored when the hub last ran; no listener hears it, since nothing changed. */
    public void restore(String deviceId, ObjectNode reported, Map<String, Instant> updatedAt,
                        Optional<Instant> lastSeen, Optional<ObjectNode> meta) {
        Entry entry = devices.computeIfAbsent(deviceId, Entry::new);
        synchronized (entry) {
            Iterator<Map.Entry<String, JsonNode>> fields = reported.fields();
            int skipped = 0;
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String attribute = field.getKey();
                if (!entry.state.restore(attribute, field.getValue())) {
                    skipped++;
                    continue;
                }
                Instant updated = updatedAt.get(attribute);
                if (updated != null) {
                    entry.updatedAt.put(attribute, updated);
                }
            }
            if (skipped > 0) {
                LOG.warn("device {}: {} stored attributes not restored: names over {} characters or more than {} attributes",
                        deviceId, skipped, MergedState.MAX_ATTRIBUTE_NAME_LENGTH, MergedState.MAX_ATTRIBUTES);
            }
            entry.lastSeen = lastSeen.orElse(null);
            entry.meta = meta.map(ObjectNode::deepCopy).orElse(null);
            // no connection survives a restart: known devices are offline until they reconnect
            entry.availability = lastSeen.isPresent() ? Availability.OFFLINE : Availability.UNKNOWN;
        }
    }

    /**
     * Merges a (possibly partial) report into the device's state, as {@link MergedState} does, or
     * refuses it whole. Returns one change per attribute whose value actually changed, which
     * listeners hear too; storing them is the caller's, so a listener that fails cannot lose them.
     */
    public List<StateChange> mergeReported(String deviceId, ObjectNode partial, Instant at)
            throws WireJson.InvalidPayloadException {
        MergedState.Report report = MergedState.read(partial);
        Optional<Entry> found = entryFor(deviceId);
        if (found.isEmpty()) {
            return List.of();
        }
        Entry entry = found.get();
        List<StateChange> changes = new ArrayList<>();
        synchronized (entry) {
            List<MergedState.Change> merged = entry.state.merge(report);
            entry.lastSeen = at;
            for (MergedState.Change change : merged) {
                entry.updatedAt.put(change.attribute(), at);
                changes.add(new StateChange(deviceId, change.attribute(), change.previous(), change.current(), at));
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
        if (removed.contains(deviceId) && !devices.containsKey(deviceId)) {
            return; // the late meta of a removed device's dropped connection
        }
        changeMeta(deviceId, meta, Optional.of(at));
    }

    /**
     * What a device is, said for it by the hub (an adapter's profile, a bridge's device list), not by a
     * message of its own: unlike {@link #setMeta} it is no sign of life, so when it was last seen stays.
     */
    public void describe(String deviceId, ObjectNode meta) {
        removed.remove(deviceId); // an adapter speaks for it now (a bridge's device that took a removed one's id)
        changeMeta(deviceId, meta, Optional.empty());
    }

    private void changeMeta(String deviceId, ObjectNode meta, Optional<Instant> seen) {
        Entry entry = devices.computeIfAbsent(deviceId, Entry::new);
        boolean changed;
        synchronized (entry) {
            changed = !meta.equals(entry.meta);
            entry.meta = meta.deepCopy();
            seen.ifPresent(at -> entry.lastSeen = at);
        }
        if (changed) {
            metaChanges.incrementAndGet();
            tellMeta(deviceId, Optional.of(meta.deepCopy()));
        }
    }

    /** Counts the metas that changed (what rules may name, too): rules refused for an unknown attribute look again. */
    public long metaChanges() {
        return metaChanges.get();
    }

    public void setAvailability(String deviceId, Availability availability, Instant at) {
        if (availability == Availability.ONLINE) {
            removed.remove(deviceId); // a connection of it was let in: it was provisioned again (the CLI does not say so here)
        }
        Optional<Entry> found = entryFor(deviceId);
        if (found.isEmpty()) {
            return; // a removed device's connection that dropped after: its offline is no news
        }
        Entry entry = found.get();
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
        entryFor(deviceId).ifPresent(entry -> {
            synchronized (entry) {
                entry.lastSeen = at;
            }
        });
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
            return entry.state.attribute(attribute);
        }
    }

    /** Told when a device's meta changes; empty when the device was removed. */
    @FunctionalInterface
    public interface MetaListener {
        void onMeta(String deviceId, Optional<ObjectNode> meta);
    }

    /** Told when a device goes online or offline. */
    @FunctionalInterface
    public interface AvailabilityListener {
        void onAvailability(String deviceId, Availability availability, Instant at);
    }

    private static final class Entry {
        private final String id;
        private final MergedState state = new MergedState();
        private final Map<String, Instant> updatedAt = new HashMap<>();
        private ObjectNode meta;
        private Availability availability = Availability.UNKNOWN;
        private Instant lastSeen;

        Entry(String id) {
            this.id = id;
        }

        synchronized DeviceSnapshot snapshot() {
            return new DeviceSnapshot(id, availability, Optional.ofNullable(lastSeen), state.copy(),
                    updatedAt, Optional.ofNullable(meta).map(ObjectNode::deepCopy));
        }
    }
}
