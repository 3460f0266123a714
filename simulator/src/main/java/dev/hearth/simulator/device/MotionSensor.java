package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.hearth.device.CommandHandler;
import dev.hearth.simulator.SimulationContext;
import dev.hearth.simulator.behaviour.Behaviour;
import dev.hearth.wire.AttributeType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A motion sensor: reports {@code motion}, true or false (false unless a behaviour says otherwise). */
public final class MotionSensor extends AttributeDevice {
    public static final String MOTION = "motion";

    public MotionSensor(String id, String password, SimulationContext context, Map<String, Behaviour> behaviours) {
        super(id, password, context, List.of(new AttributeSpec(MOTION, AttributeType.BOOLEAN, Optional.empty(),
                new Behaviour.Constant(BooleanNode.FALSE))), behaviours);
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.MOTION_SENSOR;
    }

    @Override
    protected Map<String, CommandHandler> commands() {
        return Map.of();
    }

    public void detect(boolean motion) {
        report(Map.of(MOTION, motion));
    }
}
