package dev.hearth.simulator.scenario;

import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.device.Bed;
import dev.hearth.simulator.device.CoffeeMachine;
import dev.hearth.simulator.device.DeviceKind;
import dev.hearth.simulator.device.SimulatedDevice;
import dev.hearth.wire.DeviceIds;
import java.time.Duration;
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
}
