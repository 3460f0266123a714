package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.firmware.Firmware;
import dev.hearth.simulator.firmware.ShellyFirmware;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.WireJson;
import java.util.Map;
import java.util.Optional;

/** A Shelly Plus 1 ({@link ShellyFirmware}): {@code switch0} off until switched. */
public final class ShellyPlus1 extends SimulatedDevice {
    private final ShellyFirmware firmware;

    public ShellyPlus1(String id, String password, SimulationContext context, ShellyFirmware firmware) {
        super(id, password, context);
        this.firmware = firmware;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.SHELLY_PLUS_1;
    }

    @Override
    protected DeviceMeta meta() {
        DeviceMeta.Builder meta = DeviceMeta.builder("shelly").attribute(ShellyFirmware.SWITCH, AttributeMeta.of(AttributeType.BOOLEAN, null));
        commands().keySet().forEach(name -> meta.command(CommandMeta.of(name, Map.of("channel", AttributeMeta.of(AttributeType.INTEGER, null)))));
        return meta.build();
    }

    @Override
    protected ObjectNode initialState() {
        return WireJson.mapper().createObjectNode().put(ShellyFirmware.SWITCH, false);
    }

    @Override
    protected Map<String, CommandHandler> commands() {
        return Switching.commands(this, ShellyFirmware.SWITCH, BooleanNode.TRUE, BooleanNode.FALSE, true);
    }

    @Override
    protected Optional<Firmware> firmware() {
        return Optional.of(firmware);
    }
}
