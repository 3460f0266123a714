package dev.hearth.hub.cluster;

import dev.hearth.hub.devices.DeviceSnapshot;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.storage.StateRepository;
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

    /** The device as stored; a device not connected here is offline to this hub (its own hub says more). */
    public Optional<DeviceSnapshot> snapshot(String deviceId) {
        if (state == null) {
            return Optional.empty();
        }
        return state.restore(deviceId).flatMap(device -> {
            DeviceStateStore one = new DeviceStateStore();
            one.restore(device.id(), device.reported(), device.updatedAt(), device.lastSeen(), device.meta());
            return one.snapshot(device.id());
        });
    }
}
