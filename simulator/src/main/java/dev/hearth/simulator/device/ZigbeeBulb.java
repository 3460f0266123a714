package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.device.Command;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.firmware.Firmware;
import dev.hearth.simulator.firmware.Zigbee2mqttFirmware;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.WireJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A Zigbee bulb behind Zigbee2MQTT: {@code state} ON/OFF (OFF at first), {@code brightness} 0..254 (254); both settable. */
public final class ZigbeeBulb extends SimulatedDevice {
    public static final String STATE = "state";
    public static final String BRIGHTNESS = "brightness";
    private final Zigbee2mqttFirmware firmware;

    public ZigbeeBulb(String id, String password, SimulationContext context, Zigbee2mqttFirmware firmware) {
        super(id, password, context);
        this.firmware = firmware;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.ZIGBEE2MQTT_BULB;
    }

    @Override
    protected DeviceMeta meta() {
        DeviceMeta.Builder meta = DeviceMeta.builder("zigbee2mqtt")
                .attribute(STATE, AttributeMeta.of(AttributeType.STRING, null))
                .attribute(BRIGHTNESS, AttributeMeta.of(AttributeType.INTEGER, null));
        commands().keySet().forEach(name -> meta.command(CommandMeta.of(name)));
        return meta.build();
    }

    @Override
    protected ObjectNode initialState() {
        return WireJson.mapper().createObjectNode().put(STATE, "OFF").put(BRIGHTNESS, 254);
    }

    @Override
    protected Map<String, CommandHandler> commands() {
        Map<String, CommandHandler> commands = new LinkedHashMap<>(
                Switching.commands(this, STATE, TextNode.valueOf("ON"), TextNode.valueOf("OFF"), true));
        commands.put("set", this::set);
        return commands;
    }

    /** What the bulb takes of a set: its state (ON, OFF, TOGGLE) and brightness; the rest it ignores, as Zigbee2MQTT does. */
    private CommandReply set(Command command) {
        ObjectNode args = command.args();
        ObjectNode taken = WireJson.mapper().createObjectNode();
        JsonNode state = args.path(STATE);
        if (state.isTextual()) {
            String word = state.asText().toUpperCase(java.util.Locale.ROOT);
            String now = state().path(STATE).asText();
            taken.put(STATE, word.equals("TOGGLE") ? (now.equals("ON") ? "OFF" : "ON") : word);
        }
        JsonNode brightness = args.path(BRIGHTNESS);
        if (brightness.canConvertToInt() && brightness.asInt() >= 0 && brightness.asInt() <= 254) {
            taken.put(BRIGHTNESS, brightness.asInt());
        }
        if (taken.isEmpty()) {
            return CommandReply.failure("nothing to set in " + args);
        }
        report(taken);
        return CommandReply.success(taken);
    }

    @Override
    protected Optional<Firmware> firmware() {
        return Optional.of(firmware);
    }
}
