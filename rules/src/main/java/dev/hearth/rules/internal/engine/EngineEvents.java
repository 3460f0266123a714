package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Causation;
import dev.hearth.rules.StateChange;
import java.time.Instant;
import java.util.Optional;

/** Turns what the host reports into normalised {@link Event}s for the active rules; on the scheduler thread. */
public final class EngineEvents {
    private final EngineContext context;

    public EngineEvents(EngineContext context) {
        this.context = context;
    }

    public void state(StateChange change, ActiveRules rules) {
        rules.onEvent(new Event.State(context.devices().normalise(change)));
    }

    public void availability(String deviceId, boolean online, Instant at, ActiveRules rules) {
        Optional<Boolean> previous = context.devices().availability(deviceId, online, at);
        rules.onEvent(new Event.Availability(deviceId, online, previous, at, Causation.EXTERNAL));
    }

    public void telemetry(String deviceId, ObjectNode measurements, Instant at, ActiveRules rules) {
        rules.onEvent(new Event.Telemetry(deviceId, measurements, at, Causation.EXTERNAL));
    }
}
