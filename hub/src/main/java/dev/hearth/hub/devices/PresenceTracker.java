package dev.hearth.hub.devices;

import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A device is online while at least one authenticated connection of it is open: a session
 * takeover (new connection first, old one dropped after) must not flip it offline.
 */
public final class PresenceTracker {
    private final DeviceStateStore store;
    private final Map<String, Integer> openConnections = new ConcurrentHashMap<>();

    public PresenceTracker(DeviceStateStore store) {
        this.store = store;
    }

    public void connected(String deviceId, Instant at) {
        openConnections.merge(deviceId, 1, Integer::sum);
        store.setAvailability(deviceId, Availability.ONLINE, at);
    }

    public void disconnected(String deviceId, Instant at) {
        Integer left = openConnections.computeIfPresent(deviceId, (id, count) -> count > 1 ? count - 1 : null);
        if (left == null) {
            store.setAvailability(deviceId, Availability.OFFLINE, at);
        }
    }
}
