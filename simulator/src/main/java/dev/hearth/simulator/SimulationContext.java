package dev.hearth.simulator;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/** What simulated devices share: the broker they connect to, and injected time and threads. */
public record SimulationContext(String serverUri, ScheduledExecutorService scheduler, Clock clock) {
    public SimulationContext {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
    }
}
