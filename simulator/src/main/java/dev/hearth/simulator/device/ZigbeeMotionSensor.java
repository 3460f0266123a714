package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.simulator.firmware.Firmware;
import dev.hearth.simulator.firmware.Zigbee2mqttFirmware;
import dev.hearth.wire.AttributeType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Zigbee motion sensor behind Zigbee2MQTT: {@code occupancy} (false), {@code illuminance} lx (20), {@code battery} % (100). */
public final class ZigbeeMotionSensor extends AttributeDevice {
    public static final List<String> ATTRIBUTES = List.of("occupancy", "illuminance", "battery");
    private final Zigbee2mqttFirmware firmware;

    public ZigbeeMotionSensor(String id, String password, SimulationContext context, Zigbee2mqttFirmware firmware,
                              Map<String, Behaviour> behaviours) {
        super(id, password, context, List.of(
                new AttributeSpec("occupancy", AttributeType.BOOLEAN, Optional.empty(), new Behaviour.Constant(BooleanNode.FALSE)),
                new AttributeSpec("illuminance", AttributeType.NUMBER, Optional.of("lx"), new Behaviour.Constant(IntNode.valueOf(20))),
                new AttributeSpec("battery", AttributeType.NUMBER, Optional.of("%"), new Behaviour.Constant(IntNode.valueOf(100)))),
                behaviours);
        this.firmware = firmware;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.ZIGBEE2MQTT_MOTION_SENSOR;
    }

    @Override
    protected Map<String, CommandHandler> commands() {
        return Map.of();
    }

    @Override
    protected Optional<Firmware> firmware() {
        return Optional.of(firmware);
    }
}
