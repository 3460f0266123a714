package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.firmware.Firmware;
import dev.hearth.simulator.firmware.TasmotaFirmware;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.WireJson;
import java.util.Map;
import java.util.Optional;

/** A Tasmota plug ({@link TasmotaFirmware}): {@code power} off until switched. */
public final class TasmotaPlug extends SimulatedDevice {
    private final TasmotaFirmware firmware;

    public TasmotaPlug(String id, String password, SimulationContext context, TasmotaFirmware firmware) {
        super(id, password, context);
        this.firmware = firmware;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.TASMOTA_PLUG;
    }

    @Override
    protected DeviceMeta meta() {
        DeviceMeta.Builder meta = DeviceMeta.builder("tasmota").attribute(TasmotaFirmware.POWER, AttributeMeta.of(AttributeType.BOOLEAN, null));
        commands().keySet().forEach(name -> meta.command(CommandMeta.of(name)));
        return meta.build();
    }

    @Override
    protected ObjectNode initialState() {
        return WireJson.mapper().createObjectNode().put(TasmotaFirmware.POWER, false);
    }

    @Override
    protected Map<String, CommandHandler> commands() {
        return Switching.commands(this, TasmotaFirmware.POWER, BooleanNode.TRUE, BooleanNode.FALSE, true);
    }

    @Override
    protected Optional<Firmware> firmware() {
        return Optional.of(firmware);
    }
}
