package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.wire.AttributeType;
import dev.hearth.wire.DeviceMeta;
import dev.hearth.wire.WireJson;
import java.util.Map;

/** A bed with an occupancy sensor: reports {@code occupant} as {@code asleep} or {@code awake}; starts asleep. */
public final class Bed extends SimulatedDevice {
    public static final String OCCUPANT = "occupant";
    public static final String ASLEEP = "asleep";
    public static final String AWAKE = "awake";

    public Bed(String id, String password, SimulationContext context) {
        super(id, password, context);
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.BED;
    }

    @Override
    protected DeviceMeta meta() {
        return DeviceMeta.builder(kind().wire()).attribute(OCCUPANT, AttributeType.STRING).build();
    }

    @Override
    protected ObjectNode initialState() {
        return WireJson.mapper().createObjectNode().put(OCCUPANT, ASLEEP);
    }

    @Override
    protected Map<String, CommandHandler> commands() {
        return Map.of();
    }

    public void wakeUp() {
        report(Map.of(OCCUPANT, AWAKE));
    }

    public void fallAsleep() {
        report(Map.of(OCCUPANT, ASLEEP));
    }
}
