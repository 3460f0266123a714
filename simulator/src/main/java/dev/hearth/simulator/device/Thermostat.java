package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.device.Command;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.WireJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A thermostat: reports {@code temperature} and {@code target} (°C, both 20 unless a behaviour
 * says otherwise) and answers {@code set-target {"value": n}} with 5 ≤ n ≤ 35 by reporting the
 * new target. Its meta says {@code target} is settable (through {@code set-target}) and
 * {@code temperature} read-only.
 */
public final class Thermostat extends AttributeDevice {
    public static final String TEMPERATURE = "temperature";
    public static final String TARGET = "target";
    public static final String SET_TARGET = "set-target";
    private static final double LOWEST = 5;
    private static final double HIGHEST = 35;

    public Thermostat(String id, String password, SimulationContext context) {
        this(id, password, context, Map.of());
    }

    public Thermostat(String id, String password, SimulationContext context, Map<String, Behaviour> behaviours) {
        super(id, password, context, List.of(
                celsius(TEMPERATURE, false), celsius(TARGET, true)), behaviours);
    }

    private static AttributeSpec celsius(String name, boolean settable) {
        return new AttributeSpec(name, AttributeType.NUMBER, Optional.of("°C"),
                new Behaviour.Constant(JsonNodeFactory.instance.numberNode(20)), settable);
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.THERMOSTAT;
    }

    @Override
    protected Map<String, CommandHandler> commands() {
        return Map.of(SET_TARGET, this::setTarget);
    }

    @Override
    protected CommandMeta describeCommand(String name) {
        return SET_TARGET.equals(name)
                ? CommandMeta.of(SET_TARGET, Map.of("value", AttributeMeta.of(AttributeType.NUMBER, "°C")))
                : super.describeCommand(name);
    }

    private CommandReply setTarget(Command command) {
        JsonNode value = command.args().get("value");
        if (value == null || !value.isNumber() || value.asDouble() < LOWEST || value.asDouble() > HIGHEST) {
            return CommandReply.failure("value must be a number from 5 to 35, was " + value);
        }
        report(Map.of(TARGET, value));
        return CommandReply.success(WireJson.mapper().createObjectNode().set(TARGET, value));
    }
}
