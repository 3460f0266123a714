package dev.hearth.hub.devices;

import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A device is online while at least one authenticated connection of it is open: a session
 * takeover (new connection first, old one dropped after) must not flip it offline. The client
 * ids are kept so that a device whose access is revoked can be disconnected.
 */
public final class PresenceTracker {
    private final DeviceStateStore store;
    /** device → client id → open connections (a takeover briefly has two under one client id). */
    private final Map<String, Map<String, Integer>> clients = new ConcurrentHashMap<>();
    /** device → client ids of its connections subscribed to its commands. */
    private final Map<String, Set<String>> listening = new ConcurrentHashMap<>();

    public PresenceTracker(DeviceStateStore store) {
        this.store = store;
    }

    public void connected(String deviceId, String clientId, Instant at) {
        clients.compute(deviceId, (id, open) -> {
            Map<String, Integer> connections = open == null ? new ConcurrentHashMap<>() : open;
            connections.merge(clientId, 1, Integer::sum);
            return connections;
        });
        store.setAvailability(deviceId, Availability.ONLINE, at);
    }

    public void disconnected(String deviceId, String clientId, Instant at) {
        Map<String, Integer> left = clients.computeIfPresent(deviceId, (id, open) -> {
            open.computeIfPresent(clientId, (client, count) -> count > 1 ? count - 1 : null);
            return open.isEmpty() ? null : open;
        });
        if (left == null) {
            store.setAvailability(deviceId, Availability.OFFLINE, at);
        }
    }

    /** A connection of the device holds a subscription to its commands. */
    public void listening(String deviceId, String clientId) {
        if (clients.getOrDefault(deviceId, Map.of()).containsKey(clientId)) {
            listening.computeIfAbsent(deviceId, id -> ConcurrentHashMap.newKeySet()).add(clientId);
        }
    }

    /** That client's connection closed, and no session of it is kept: it receives no commands. */
    public void stoppedListening(String deviceId, String clientId) {
        if (!clients.getOrDefault(deviceId, Map.of()).containsKey(clientId)) { // not connected again meanwhile
            listening.computeIfPresent(deviceId, (id, subscribed) -> {
                subscribed.remove(clientId);
                return subscribed.isEmpty() ? null : subscribed;
            });
        }
    }

    /**
     * Whether a command published now reaches the device: a connection of it subscribes to its
     * commands, or a session the broker keeps for it does (and queues them until it returns).
     */
    public boolean isListening(String deviceId) {
        return listening.containsKey(deviceId);
    }

    /** Devices with at least one open connection. */
    public int connectedDevices() {
        return clients.size();
    }

    /** The MQTT client ids of the device's open connections. */
    public Set<String> clientsOf(String deviceId) {
        return Set.copyOf(clients.getOrDefault(deviceId, Map.of()).keySet());
    }
}
