package dev.hearth.rules.internal.engine;

import dev.hearth.rules.Causation;
import dev.hearth.rules.StateChange;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine remembers of devices across rule sets, to normalise events: availability (so a
 * change out of "unavailable" counts as out of unknown) and the causation of the last command sent
 * to each device (so the device's resulting change continues the chain even if the host does not
 * pass it on). Used on the scheduler thread only.
 */
final class DeviceBook {
    /** How long after a command a change of the device is taken as its result. */
    static final Duration CAUSATION_WINDOW = Duration.ofSeconds(30);

    private final Map<String, Boolean> online = new HashMap<>();
    /** Event numbers, not instants: several events may share one instant (and do, on virtual time). */
    private final Map<String, Long> wentOffline = new HashMap<>();
    private final Map<String, Long> lastChange = new HashMap<>();
    private long sequence;
    private final Map<String, Caused> lastCommand = new HashMap<>();

    private record Caused(Causation causation, Instant until) {
    }

    /** The change as triggers should see it. */
    StateChange normalise(StateChange change) {
        String key = change.deviceId() + "\u0000" + change.attribute();
        Long previousChange = lastChange.put(key, ++sequence);
        Long offline = wentOffline.get(change.deviceId());
        boolean outOfUnavailable = offline != null && (previousChange == null || previousChange < offline);
        Causation causation = change.causation();
        if (causation.isExternal()) {
            Caused caused = lastCommand.get(change.deviceId());
            if (caused != null && !change.at().isAfter(caused.until())) {
                causation = caused.causation();
            }
        }
        if (!outOfUnavailable && causation == change.causation()) {
            return change;
        }
        return new StateChange(change.deviceId(), change.attribute(),
                outOfUnavailable ? Optional.empty() : change.previous(), change.current(), change.at(), causation);
    }

    /** Records the availability; returns what it was before (empty: not known). */
    Optional<Boolean> availability(String deviceId, boolean isOnline, Instant at) {
        Optional<Boolean> previous = Optional.ofNullable(online.put(deviceId, isOnline));
        if (!isOnline) {
            wentOffline.put(deviceId, ++sequence);
        }
        return previous;
    }

    void commandSent(String deviceId, Causation causation, Instant at, Duration timeout) {
        lastCommand.put(deviceId, new Caused(causation, at.plus(timeout).plus(CAUSATION_WINDOW)));
    }
}
