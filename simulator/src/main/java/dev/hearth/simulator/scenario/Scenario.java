package dev.hearth.simulator.scenario;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A loaded scenario: the devices it brings and its steps in time order. */
public record Scenario(String name, List<DeviceSpec> devices, List<Step> steps) {
    public Scenario {
        Objects.requireNonNull(name, "name");
        devices = List.copyOf(devices);
        steps = List.copyOf(steps);
        Set<String> ids = new HashSet<>();
        for (DeviceSpec d : devices) {
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("duplicate device id '" + d.id() + "'");
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (!ids.contains(step.device())) {
                throw new IllegalArgumentException("step " + (i + 1) + " names unknown device '" + step.device() + "'");
            }
            if (i > 0 && step.at().compareTo(steps.get(i - 1).at()) < 0) {
                throw new IllegalArgumentException("steps go in time order: step " + (i + 1) + " comes before step " + i);
            }
        }
    }

    public Optional<DeviceSpec> device(String id) {
        return devices.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    public List<Step.ExpectCommand> expectations() {
        return steps.stream().filter(Step.ExpectCommand.class::isInstance).map(Step.ExpectCommand.class::cast).toList();
    }
}
