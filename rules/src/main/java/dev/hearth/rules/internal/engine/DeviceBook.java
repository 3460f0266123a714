package dev.hearth.rules.internal.engine;

import dev.hearth.rules.Causation;
import dev.hearth.rules.StateChange;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine remembers of devices across rule sets, to normalise events: availability (to
 * tell an availability trigger what it was before) and the causation of the last command sent to
 * each device (so the device's resulting change continues the chain even if the host does not
 * pass it on). Availability and state are separate, as in Home Assistant: going offline does not
 * erase the last reported value, so a report after a reconnection is a change from that value,
 * not out of unknown (battery devices connect, report and disconnect every time). Used on the
 * scheduler thread only.
 */
final class DeviceBook {
    /** How long after a command a change of the device is taken as its result. */
    static final Duration CAUSATION_WINDOW = Duration.ofSeconds(30);

    private final Map<String, Boolean> online = new HashMap<>();
    private final Map<String, Caused> lastCommand = new HashMap<>();

    private record Caused(Causation causation, Instant until) {
    }

    /** The change as triggers should see it. */
    StateChange normalise(StateChange change) {
        if (!change.causation().isExternal()) {
            return change;
        }
        Caused caused = lastCommand.get(change.deviceId());
        if (caused == null || change.at().isAfter(caused.until())) {
            return change;
        }
        return new StateChange(change.deviceId(), change.attribute(), change.previous(), change.current(), change.at(),
                caused.causation());
    }

    /** Records the availability; returns what it was before (empty: not known). */
    Optional<Boolean> availability(String deviceId, boolean isOnline, Instant at) {
        return Optional.ofNullable(online.put(deviceId, isOnline));
    }

    void commandSent(String deviceId, Causation causation, Instant at, Duration timeout) {
        lastCommand.put(deviceId, new Caused(causation, at.plus(timeout).plus(CAUSATION_WINDOW)));
    }
}
