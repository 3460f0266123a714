package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.WireJson;
import java.util.LinkedHashMap;
import java.util.Map;

/** The turn_on, turn_off (and toggle) that the hub's adapters send a native relay, switching one attribute. */
final class Switching {
    private Switching() {
    }

    static Map<String, CommandHandler> commands(SimulatedDevice device, String attribute, JsonNode on, JsonNode off, boolean toggle) {
        Map<String, CommandHandler> commands = new LinkedHashMap<>();
        commands.put("turn_on", command -> set(device, attribute, on));
        commands.put("turn_off", command -> set(device, attribute, off));
        if (toggle) {
            commands.put("toggle", command -> set(device, attribute, on.equals(device.state().get(attribute)) ? off : on));
        }
        return commands;
    }

    private static CommandReply set(SimulatedDevice device, String attribute, JsonNode value) {
        device.report(Map.of(attribute, value));
        return CommandReply.success(WireJson.mapper().createObjectNode().set(attribute, value));
    }
}
