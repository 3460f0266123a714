package dev.hearth.simulator;

import dev.hearth.simulator.link.DeviceTransport;
import dev.hearth.simulator.link.MqttTransport;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What simulated devices share: the broker they connect to, injected time and threads, and the
 * transport that carries their traffic (MQTT through the SDK unless told otherwise; the
 * virtual-clock runner gives an in-memory one).
 */
public record SimulationContext(String serverUri, ScheduledExecutorService scheduler, Clock clock, DeviceTransport transport) {
    public SimulationContext {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(transport, "transport");
    }

    /** Devices talk MQTT to {@code serverUri} through the device SDK. */
    public SimulationContext(String serverUri, ScheduledExecutorService scheduler, Clock clock) {
        this(serverUri, scheduler, clock, MqttTransport.direct());
    }
}
