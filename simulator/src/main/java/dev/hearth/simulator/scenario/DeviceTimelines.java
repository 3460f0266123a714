package dev.hearth.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hearth.simulator.device.SimulatedDevice;
import dev.hearth.simulator.device.StateSample;
import java.util.List;

/** Turns a device's state history into one attribute's values over time. */
final class DeviceTimelines {
    private DeviceTimelines() {
    }

    static List<Observations.TimedValue> attribute(SimulatedDevice device, String attribute) {
        return device.stateHistory().stream()
                .map(sample -> new Observations.TimedValue(sample.at(), valueOf(sample, attribute)))
                .toList();
    }

    private static JsonNode valueOf(StateSample sample, String attribute) {
        JsonNode v = sample.state().get(attribute);
        return v == null ? MissingNode.getInstance() : v;
    }
}
