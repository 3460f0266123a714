package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.wire.AttributeType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A door contact: reports {@code contact}, {@code open} or {@code closed} (closed unless a behaviour says otherwise). */
public final class DoorContact extends AttributeDevice {
    public static final String CONTACT = "contact";
    public static final String OPEN = "open";
    public static final String CLOSED = "closed";

    public DoorContact(String id, String password, SimulationContext context, Map<String, Behaviour> behaviours) {
        super(id, password, context, List.of(new AttributeSpec(CONTACT, AttributeType.STRING, Optional.empty(),
                new Behaviour.Constant(TextNode.valueOf(CLOSED)))), behaviours);
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.DOOR_CONTACT;
    }

    @Override
    protected Map<String, CommandHandler> commands() {
        return Map.of();
    }

    public void open() {
        report(Map.of(CONTACT, OPEN));
    }

    public void shut() {
        report(Map.of(CONTACT, CLOSED));
    }
}
