package dev.hearth.simulator.device;

import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.CommandReply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A device whose type, attributes and commands (with their arguments, for the meta) the scenario
 * declares. Each command is recorded and answered with success, its arguments echoed back:
 * enough to see that a rule asked.
 */
public final class GenericDevice extends AttributeDevice {
    private final String type;
    private final Map<String, CommandMeta> declared = new LinkedHashMap<>();

    public GenericDevice(String id, String password, SimulationContext context, String type, List<AttributeSpec> attributes,
                         List<CommandMeta> commands) {
        super(id, password, context, attributes, Map.of());
        this.type = Objects.requireNonNull(type, "type");
        commands.forEach(c -> {
            if (declared.put(c.name(), c) != null) {
                throw new IllegalArgumentException("command '" + c.name() + "' is declared twice");
            }
        });
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
        declared.keySet().forEach(name -> handlers.put(name, command -> CommandReply.success(command.args())));
        return handlers;
    }

    @Override
    protected CommandMeta describeCommand(String name) {
        return declared.getOrDefault(name, CommandMeta.of(name));
    }
}
