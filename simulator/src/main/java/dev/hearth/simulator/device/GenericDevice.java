package dev.hearth.simulator.device;

import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.wire.CommandReply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A device whose type, attributes and commands the scenario declares. Each command is recorded
 * and answered with success, its arguments echoed back: enough to see that a rule asked.
 */
public final class GenericDevice extends AttributeDevice {
    private final String type;
    private final List<String> commandNames;

    public GenericDevice(String id, String password, SimulationContext context, String type, List<AttributeSpec> attributes,
                         List<String> commands) {
        super(id, password, context, attributes, Map.of());
        this.type = Objects.requireNonNull(type, "type");
        this.commandNames = List.copyOf(commands);
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.GENERIC;
    }

    @Override
    protected String metaType() {
        return type;
    }

    @Override
    protected Map<String, CommandHandler> commands() {
        Map<String, CommandHandler> handlers = new LinkedHashMap<>();
        commandNames.forEach(name -> handlers.put(name, command -> CommandReply.success(command.args())));
        return handlers;
    }
}
