package dev.hearth.simulator.scenario;

import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded scenario: the devices it brings and its steps in time order. {@code seed} feeds every
 * random behaviour (already folded into each behaviour at load); {@code start} is where a virtual
 * clock starts (a live run starts now).
 */
public record Scenario(String name, List<DeviceSpec> devices, List<Step> steps, long seed, Optional<ZonedDateTime> start) {
    public static final long DEFAULT_SEED = 1;

    public Scenario {
        Objects.requireNonNull(name, "name");
        devices = List.copyOf(devices);
        steps = List.copyOf(steps);
        Objects.requireNonNull(start, "start");
        Set<String> ids = new HashSet<>();
        for (DeviceSpec d : devices) {
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("duplicate device id '" + d.id() + "'");
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step instanceof Step.DeviceStep deviceStep && !ids.contains(deviceStep.device())) {
                throw new IllegalArgumentException("step " + (i + 1) + " names unknown device '" + deviceStep.device() + "'");
            }
            if (i > 0 && step.at().compareTo(steps.get(i - 1).at()) < 0) {
                throw new IllegalArgumentException("steps go in time order: step " + (i + 1) + " comes before step " + i);
            }
        }
    }

    public Scenario(String name, List<DeviceSpec> devices, List<Step> steps) {
        this(name, devices, steps, DEFAULT_SEED, Optional.empty());
    }

    public Optional<DeviceSpec> device(String id) {
        return devices.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    public List<Step.Expectation> expectations() {
        return steps.stream().filter(Step.Expectation.class::isInstance).map(Step.Expectation.class::cast).toList();
    }
}
