package dev.hearth.simulator.scenario;

import dev.hearth.rules.yaml.Durations;
import dev.hearth.simulator.device.SimulatedDevice;
import java.util.Map;
import java.util.function.Consumer;

/** Performs the device steps of a scenario; expectations are checked elsewhere. Raw publishes go to {@code malformed}. */
final class StepPlayer {
    private final Map<String, SimulatedDevice> devices;
    private final Consumer<Step.Malformed> malformed;

    StepPlayer(Map<String, SimulatedDevice> devices, Consumer<Step.Malformed> malformed) {
        this.devices = devices;
        this.malformed = malformed;
    }

    void perform(Step step) {
        if (step instanceof Step.Report report) {
            devices.get(report.device()).report(report.state());
        } else if (step instanceof Step.GoOffline offline) {
            devices.get(offline.device()).goOffline(offline.how());
        } else if (step instanceof Step.ComeOnline online) {
            devices.get(online.device()).comeOnline();
        } else if (step instanceof Step.Restart restart) {
            devices.get(restart.device()).restart();
        } else if (step instanceof Step.Malformed bad) {
            malformed.accept(bad);
        } // expectations: nothing to do at their moment but look, which the runner does
    }

    static String describe(Step step) {
        String name = step.getClass().getSimpleName();
        String device = step instanceof Step.DeviceStep d ? " for " + d.device() : "";
        return name.substring(0, 1).toLowerCase() + name.substring(1) + " at " + Durations.format(step.at()) + device;
    }
}
