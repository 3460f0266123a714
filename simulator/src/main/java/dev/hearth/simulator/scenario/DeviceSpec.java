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
import dev.hearth.simulator.device.EspHomeNode;
import dev.hearth.simulator.device.ShellyPlus1;
import dev.hearth.simulator.device.TasmotaPlug;
import dev.hearth.simulator.device.ZigbeeBulb;
import dev.hearth.simulator.device.ZigbeeMotionSensor;
import dev.hearth.simulator.firmware.EspHomeFirmware;
import dev.hearth.simulator.firmware.Firmware;
import dev.hearth.simulator.firmware.ShellyFirmware;
import dev.hearth.simulator.firmware.TasmotaFirmware;
import dev.hearth.simulator.firmware.Zigbee2mqttFirmware;
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

    /** A device of a native firmware (Tasmota, Zigbee2MQTT, Shelly, ESPHome), on its own topics. */
    record NativeSpec(DeviceKind kind, String id, String password, Firmware firmware, Map<String, Behaviour> behaviours)
            implements DeviceSpec {
        public NativeSpec {
            Objects.requireNonNull(kind, "kind");
            DeviceIds.require(id);
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(firmware, "firmware");
            behaviours = Map.copyOf(behaviours);
        }

        @Override
        public SimulatedDevice create(SimulationContext context) {
            if (firmware instanceof TasmotaFirmware tasmota) {
                return new TasmotaPlug(id, password, context, tasmota);
            } else if (firmware instanceof ShellyFirmware shelly) {
                return new ShellyPlus1(id, password, context, shelly);
            } else if (firmware instanceof EspHomeFirmware node) {
                return new EspHomeNode(id, password, context, node, behaviours);
            }
            Zigbee2mqttFirmware zigbee = (Zigbee2mqttFirmware) firmware; // the last of the sealed four
            return zigbee.model() == Zigbee2mqttFirmware.Model.BULB ? new ZigbeeBulb(id, password, context, zigbee)
                    : new ZigbeeMotionSensor(id, password, context, zigbee, behaviours);
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
