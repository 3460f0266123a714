package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.simulator.firmware.EspHomeFirmware;
import dev.hearth.simulator.firmware.Firmware;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandMeta;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An ESPHome node ({@link EspHomeFirmware}): {@code temperature} °C (21.5), {@code relay} (off), switched by turn_on/turn_off. */
public final class EspHomeNode extends AttributeDevice {
    public static final List<String> ATTRIBUTES = List.of(EspHomeFirmware.TEMPERATURE, EspHomeFirmware.RELAY);
    private final EspHomeFirmware firmware;

    public EspHomeNode(String id, String password, SimulationContext context, EspHomeFirmware firmware, Map<String, Behaviour> behaviours) {
        super(id, password, context, List.of(
                new AttributeSpec(EspHomeFirmware.TEMPERATURE, AttributeType.NUMBER, Optional.of("°C"),
                        new Behaviour.Constant(DoubleNode.valueOf(21.5))),
                new AttributeSpec(EspHomeFirmware.RELAY, AttributeType.BOOLEAN, Optional.empty(),
                        new Behaviour.Constant(BooleanNode.FALSE), true)), behaviours);
        this.firmware = firmware;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.ESPHOME_NODE;
    }

    @Override
    protected Map<String, CommandHandler> commands() {
        return Switching.commands(this, EspHomeFirmware.RELAY, BooleanNode.TRUE, BooleanNode.FALSE, false);
    }

    @Override
    protected CommandMeta describeCommand(String name) {
        return CommandMeta.of(name, Map.of("entity", AttributeMeta.of(AttributeType.STRING)));
    }

    @Override
    protected Optional<Firmware> firmware() {
        return Optional.of(firmware);
    }
}
