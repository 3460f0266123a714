package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.device.Command;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.WireJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A thermostat: reports {@code temperature} and {@code target} (°C, both 20 unless a behaviour
 * says otherwise) and answers {@code set-target {"value": n}} with 5 ≤ n ≤ 35 by reporting the
 * new target.
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
                celsius(TEMPERATURE), celsius(TARGET)), behaviours);
    }

    private static AttributeSpec celsius(String name) {
        return new AttributeSpec(name, AttributeType.NUMBER, Optional.of("°C"),
                new Behaviour.Constant(JsonNodeFactory.instance.numberNode(20)));
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.THERMOSTAT;
    }

    @Override
    protected Map<String, CommandHandler> commands() {
        return Map.of(SET_TARGET, this::setTarget);
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
