package dev.hearth.simulator.device;

import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.wire.AttributeType;
import java.util.Objects;
import java.util.Optional;

/** One attribute of a simulated device: what its meta declares, and how it moves. */
public record AttributeSpec(String name, AttributeType type, Optional<String> unit, Behaviour behaviour) {
    public AttributeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(behaviour, "behaviour");
    }

    public AttributeSpec withBehaviour(Behaviour other) {
        return new AttributeSpec(name, type, unit, other);
    }
}
