package dev.hearth.hub.cluster;

import dev.hearth.hub.devices.DeviceSnapshot;
import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.storage.RestoredDevice;
import dev.hearth.hub.storage.StateRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * In cluster mode on a shared database, the devices another hub holds: this hub's state store knows only its own, but
 * the storage sink wrote every hub's devices' last state and status, so the API answers for them from there. In
 * single-hub mode ({@link #NONE}) there are no others.
 */
public final class StoredDevices {
    public static final StoredDevices NONE = new StoredDevices(null);

    private final StateRepository state;

    public StoredDevices(StateRepository state) {
        this.state = state;
    }

    /**
     * How to answer for a device: as this hub knows it while it is connected here; otherwise (held by another hub, or
     * known here only from what was restored at start) as the shared storage has it, if it has it.
     */
    public Optional<DeviceSnapshot> answer(String deviceId, Optional<DeviceSnapshot> here) {
        if (state == null || here.map(device -> device.availability() == Availability.ONLINE).orElse(false)) {
            return here;
        }
        return stored(deviceId).or(() -> here);
    }

    /**
     * Every device of the cluster: those connected here as this hub knows them, the others as the shared storage has
     * them (in the order of {@code here}, then the others by id).
     */
    public List<DeviceSnapshot> all(List<DeviceSnapshot> here) {
        if (state == null) {
            return here;
        }
        Map<String, DeviceSnapshot> devices = new LinkedHashMap<>();
        here.forEach(device -> devices.put(device.id(), device));
        Map<String, String> availability = state.availabilities();
        for (RestoredDevice device : state.restore()) {
            DeviceSnapshot known = devices.get(device.id());
            if (known == null || known.availability() != Availability.ONLINE) {
                snapshot(device, Optional.ofNullable(availability.get(device.id()))).ifPresent(stored -> devices.put(device.id(), stored));
            }
        }
        return List.copyOf(devices.values());
    }

    private Optional<DeviceSnapshot> stored(String deviceId) {
        return state.restore(deviceId).flatMap(device -> snapshot(device, state.availability(deviceId)));
    }

    private static Optional<DeviceSnapshot> snapshot(RestoredDevice device, Optional<String> availability) {
        DeviceStateStore one = new DeviceStateStore();
        one.restore(device.id(), device.reported(), device.updatedAt(), device.lastSeen(), device.meta());
        if (availability.filter("online"::equals).isPresent()) {
            device.lastSeen().ifPresent(seen -> one.setAvailability(device.id(), Availability.ONLINE, seen));
        }
        return one.snapshot(device.id());
    }
}
