package dev.hearth.hub.adapters;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which login speaks for which Hearth id, across all native logins. A bridge may speak only for the
 * devices of its own list, and never for an id that is someone else's: a device of the config or of
 * the database, another login's device. So a derived id is claimed here first, and refused when taken.
 */
final class DeviceIndex {
    private final Map<String, String> loginById = new ConcurrentHashMap<>();
    private final Predicate<String> otherDevice;

    /** {@code otherDevice}: whether an id is a device of the config or the database (native logins included). */
    DeviceIndex(Predicate<String> otherDevice) {
        this.otherDevice = otherDevice;
    }

    /** The login's own id, as a one-device login or a bridge's own device: it is its registry entry. */
    void own(String id, String login) {
        loginById.put(id, login);
    }

    /** False when the id is taken: by a device of the config or database, or by another login. */
    boolean claim(String id, String login) {
        String holder = loginById.get(id);
        if (holder != null) {
            return holder.equals(login);
        }
        if (otherDevice.test(id)) {
            return false;
        }
        return loginById.putIfAbsent(id, login) == null || login.equals(loginById.get(id));
    }

    void release(String id, String login) {
        loginById.remove(id, login);
    }

    Optional<String> loginOf(String id) {
        return Optional.ofNullable(loginById.get(id));
    }
}
