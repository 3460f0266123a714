package dev.hearth.simulator.link;

import dev.hearth.simulator.SimulationContext;

/** Opens links for simulated devices: MQTT ({@link MqttTransport}) or in memory (the virtual runner). */
@FunctionalInterface
public interface DeviceTransport {
    DeviceLink open(LinkSettings settings, SimulationContext context);
}
