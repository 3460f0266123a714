package dev.hearth.hub.broker;

import java.time.Instant;

/** Authenticated connections coming and going; the broker's view, so last wills need not be read. */
public interface DevicePresence {
    void onConnected(String deviceId, String clientId, Instant at);

    void onDisconnected(String deviceId, String clientId, Instant at);

    /** The connection holds a subscription to the device's commands (it can receive them now). */
    void onListening(String deviceId, String clientId);

    /** The connection closed and the broker keeps no session for it: nothing receives its commands now. */
    void onStoppedListening(String deviceId, String clientId);

    /** A connection refused before it was let in, by reason (bad_credentials, max_connections). */
    void onRefused(String reason);
}
