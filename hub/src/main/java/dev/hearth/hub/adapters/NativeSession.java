package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hub.broker.NativeAccess;
import dev.hearth.rules.CommandRequest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One native login as {@link Adapters} drives it: a profile's ({@link LoginSession}), or a device announcing its
 * entities by Home Assistant discovery ({@link DiscoverySession}), whose topics come from its own configs.
 */
sealed interface NativeSession permits LoginSession, DiscoverySession {
    NativeLogin login();

    NativeAccess access();

    /** Whether the login speaks for devices other than itself. */
    boolean isBridge();

    List<DeviceEvent> declared();

    /** A device an earlier run stored as this login's (not the login's own): spoken for again before it speaks. */
    void restore(String id, String name, ObjectNode meta);

    /** The login's own device as an earlier run stored it. */
    void learnt(ObjectNode storedMeta);

    Set<String> devices();

    Optional<String> nativeName(String deviceId);

    Reading take(String topic, byte[] payload);

    List<DeviceEvent> connected(boolean up);

    NativePublish command(CommandRequest request, byte[] correlation) throws CommandRefused;

    /** Whether a device it speaks for takes commands now (a sleepy one behind a bridge that said it is offline does not). */
    boolean reachable(String deviceId);

    int waitingConfirmations();

    long unmatchedReplies();
}
