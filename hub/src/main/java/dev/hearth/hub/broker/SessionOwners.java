package dev.hearth.hub.broker;

import com.hivemq.extension.sdk.api.services.session.SessionInformation;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which device each MQTT client id belongs to. A client id is the key of a broker session (its
 * subscriptions and the commands queued for it), and ids are predictable (the SDK uses the device
 * id), so a device that logs in with another device's client id would take that session over: its
 * connection, and the commands queued while the owner was away. A client id is therefore bound to
 * the device that first used it for as long as the broker holds a session under it; another
 * device may use it only once that session is gone. Random ids (mosquitto_pub's, MQTT.js's) never
 * collide, so plain clients are not affected.
 *
 * <p>The broker keeps its sessions in memory, so these bindings, also in memory, end with them.
 */
final class SessionOwners {
    /** Looks up whether the broker keeps a session under a client id beyond its connection (expiry > 0). */
    @FunctionalInterface
    interface Sessions {
        CompletableFuture<Boolean> kept(String clientId);
    }

    private record Owner(String deviceId, int connections) {
    }

    private final Map<String, Owner> owners = new ConcurrentHashMap<>();
    private final Sessions sessions;

    SessionOwners(Sessions sessions) {
        this.sessions = sessions;
    }

    /**
     * Completes with whether {@code deviceId} may connect under {@code clientId}; when it may, the
     * connection is counted until {@link #disconnected}.
     */
    CompletableFuture<Boolean> claim(String clientId, String deviceId) {
        Owner owner = owners.compute(clientId, (id, current) -> current == null || current.deviceId().equals(deviceId)
                ? new Owner(deviceId, current == null ? 1 : current.connections() + 1) : current);
        if (owner.deviceId().equals(deviceId)) {
            return CompletableFuture.completedFuture(true);
        }
        if (owner.connections() > 0) {
            return CompletableFuture.completedFuture(false);
        }
        return sessions.kept(clientId).thenApply(kept -> !kept
                && owners.replace(clientId, owner, new Owner(deviceId, 1)));
    }

    /** A connection under {@code clientId} closed. */
    void disconnected(String clientId) {
        owners.computeIfPresent(clientId, (id, owner) -> new Owner(owner.deviceId(), Math.max(0, owner.connections() - 1)));
    }

    /** The broker holds no session under {@code clientId} any more: unless it is in use again, the id is free. */
    void sessionEnded(String clientId) {
        owners.computeIfPresent(clientId, (id, owner) -> owner.connections() == 0 ? null : owner);
    }

    /** Whether the broker holds a session that outlives its connection, from the broker's client service. */
    static Sessions ofBroker(Function<String, CompletableFuture<Optional<SessionInformation>>> lookup) {
        // A session with expiry 0 ends with its connection (the broker may not have dropped it yet when
        // asked at the disconnect): nothing is left in it to take over or to queue commands in.
        return clientId -> lookup.apply(clientId).thenApply(session ->
                session.filter(info -> info.getSessionExpiryInterval() > 0).isPresent());
    }
}
