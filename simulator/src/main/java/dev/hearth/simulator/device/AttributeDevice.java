package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.wire.CommandMeta;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.WireJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device made of attributes that each follow a {@link Behaviour}: the kind gives defaults, a
 * scenario may replace any of them (but not invent attributes the kind does not have).
 */
abstract class AttributeDevice extends SimulatedDevice {
    private final Map<String, AttributeSpec> attributes = new LinkedHashMap<>();

    AttributeDevice(String id, String password, SimulationContext context, List<AttributeSpec> defaults,
                    Map<String, Behaviour> overrides) {
        super(id, password, context);
        defaults.forEach(a -> attributes.put(a.name(), a));
        overrides.forEach((name, behaviour) -> {
            AttributeSpec known = attributes.get(name);
            if (known == null) {
                throw new IllegalArgumentException("a " + kindName() + " has no attribute '" + name + "', only " + attributes.keySet());
            }
            attributes.put(name, known.withBehaviour(behaviour));
        });
    }

    private String kindName() {
        return getClass().getSimpleName();
    }

    /** The {@code type} in the device's meta. */
    protected String metaType() {
        return kind().wire();
    }

    public final Map<String, AttributeSpec> attributes() {
        return Map.copyOf(attributes);
    }

    @Override
    protected final DeviceMeta meta() {
        DeviceMeta.Builder meta = DeviceMeta.builder(metaType());
        attributes.values().forEach(a -> meta.attribute(a.name(), a.meta()));
        commands().keySet().forEach(name -> meta.command(describeCommand(name)));
        return meta.build();
    }

    /** How the meta describes one of {@link #commands()}: by default, without arguments. */
    protected CommandMeta describeCommand(String name) {
        return CommandMeta.of(name);
    }

    /** Empty: the behaviours' first values make the initial state. */
    @Override
    protected final ObjectNode initialState() {
        return WireJson.mapper().createObjectNode();
    }

    @Override
    protected final Map<String, Behaviour> behaviours() {
        Map<String, Behaviour> b = new LinkedHashMap<>();
        attributes.values().forEach(a -> b.put(a.name(), a.behaviour()));
        return b;
    }
}
