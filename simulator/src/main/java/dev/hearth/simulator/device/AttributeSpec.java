package dev.hearth.simulator.device;

import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import java.util.Objects;
import java.util.Optional;

/**
 * One attribute of a simulated device: what its meta declares (type, unit, whether the hub may
 * set it), and how it moves.
 */
public record AttributeSpec(String name, AttributeType type, Optional<String> unit, Behaviour behaviour, boolean settable) {
    public AttributeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(behaviour, "behaviour");
    }

    /** A read-only attribute. */
    public AttributeSpec(String name, AttributeType type, Optional<String> unit, Behaviour behaviour) {
        this(name, type, unit, behaviour, false);
    }

    public AttributeSpec withBehaviour(Behaviour other) {
        return new AttributeSpec(name, type, unit, other, settable);
    }

    /** What the device's meta says about this attribute. */
    public AttributeMeta meta() {
        return new AttributeMeta(type, unit.orElse(null), settable);
    }
}
