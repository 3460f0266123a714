package dev.hearth.simulator.scenario;

import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.simulator.device.AttributeSpec;
import dev.hearth.simulator.device.Bed;
import dev.hearth.simulator.device.CoffeeMachine;
import dev.hearth.simulator.device.DeviceKind;
import dev.hearth.simulator.device.DoorContact;
import dev.hearth.simulator.device.GenericDevice;
import dev.hearth.simulator.device.MotionSensor;
import dev.hearth.simulator.device.SimulatedDevice;
import dev.hearth.simulator.device.Thermostat;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.DeviceIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A device a scenario brings: which kind, its id and password, and kind-specific settings. */
public sealed interface DeviceSpec {
    String id();

    String password();

    DeviceKind kind();

    /** A new, unconnected simulated device of this spec. */
    SimulatedDevice create(SimulationContext context);

    record BedSpec(String id, String password) implements DeviceSpec {
        public BedSpec {
            DeviceIds.require(id);
            Objects.requireNonNull(password, "password");
        }

        @Override
        public DeviceKind kind() {
            return DeviceKind.BED;
        }

        @Override
        public SimulatedDevice create(SimulationContext context) {
            return new Bed(id, password, context);
        }
    }

    record CoffeeMachineSpec(String id, String password, Duration brewTime) implements DeviceSpec {
        public CoffeeMachineSpec {
            DeviceIds.require(id);
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(brewTime, "brewTime");
        }

        @Override
        public DeviceKind kind() {
            return DeviceKind.COFFEE_MACHINE;
        }

        @Override
        public SimulatedDevice create(SimulationContext context) {
            return new CoffeeMachine(id, password, context, brewTime);
        }
    }

    /**
     * A built-in sensor-like kind (thermostat, motion sensor, door contact); {@code behaviours}
     * replace the kind's defaults for the attributes they name.
     */
    record BehaviourSpec(DeviceKind kind, String id, String password, Map<String, Behaviour> behaviours) implements DeviceSpec {
        public BehaviourSpec {
            Objects.requireNonNull(kind, "kind");
            DeviceIds.require(id);
            Objects.requireNonNull(password, "password");
            behaviours = Map.copyOf(behaviours);
        }

        @Override
        public SimulatedDevice create(SimulationContext context) {
            return switch (kind) {
                case THERMOSTAT -> new Thermostat(id, password, context, behaviours);
                case MOTION_SENSOR -> new MotionSensor(id, password, context, behaviours);
                case DOOR_CONTACT -> new DoorContact(id, password, context, behaviours);
                default -> throw new IllegalStateException(kind + " is not a behaviour-driven kind");
            };
        }
    }

    /** A device whose meta {@code type}, attributes and commands the scenario declares. */
    record GenericSpec(String id, String password, String type, List<AttributeSpec> attributes, List<CommandMeta> commands)
            implements DeviceSpec {
        public GenericSpec {
            DeviceIds.require(id);
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(type, "type");
            attributes = List.copyOf(attributes);
            commands = List.copyOf(commands); // CommandMeta checks the names
        }

        @Override
        public DeviceKind kind() {
            return DeviceKind.GENERIC;
        }

        @Override
        public SimulatedDevice create(SimulationContext context) {
            return new GenericDevice(id, password, context, type, attributes, commands);
        }
    }
}
