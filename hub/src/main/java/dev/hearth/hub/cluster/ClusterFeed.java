package dev.hearth.hub.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.cluster.ClusterCommand;
import dev.hearth.cluster.ClusterEvent;
import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.hub.storage.Write;
import dev.hearth.rules.CommandResult;
import dev.hearth.rules.StateChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Makes the hub's accepted device events cluster events and appends them to the {@link EventLog}, in the order the
 * hub accepted them. A message's events come back as {@link Write.ClusterReceipt}s, which its acknowledgement waits
 * for ({@code ackTimeout} at most); availability and command outcomes come from no message, and nobody waits.
 * {@link #none()}, in single-hub mode, makes nothing.
 */
public final class ClusterFeed implements DeviceStateStore.AvailabilityListener {
    private static final ClusterFeed NONE = new ClusterFeed(null, null, null, Duration.ZERO, Clock.systemUTC());

    private final String hubId;
    private final Function<String, String> siteOf;
    private final EventLog log;
    private final Duration ackTimeout;
    private final Clock clock;

    /** {@code siteOf}: a device's site (its own, or the hub's). */
    public ClusterFeed(String hubId, Function<String, String> siteOf, EventLog log, Duration ackTimeout, Clock clock) {
        this.hubId = hubId;
        this.siteOf = siteOf;
        this.log = log;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
    }

    public static ClusterFeed none() {
        return NONE;
    }

    public List<Write> ofState(List<StateChange> changes) {
        if (log == null) {
            return List.of();
        }
        return changes.stream().map(change -> receipt(new ClusterEvent.StateChanged(siteOf.apply(change.deviceId()), hubId,
                change.deviceId(), change.at(), change.attribute(), change.previous(), change.current(), change.causation())))
                .toList();
    }

    public List<Write> ofMeta(String deviceId, ObjectNode meta, Instant at) {
        return log == null ? List.of() : List.of(receipt(new ClusterEvent.MetaDescribed(siteOf.apply(deviceId), hubId, deviceId, at, meta)));
    }

    public List<Write> ofTelemetry(String deviceId, ObjectNode measurements, Instant at) {
        return log == null ? List.of()
                : List.of(receipt(new ClusterEvent.TelemetryReceived(siteOf.apply(deviceId), hubId, deviceId, at, measurements)));
    }

    @Override
    public void onAvailability(String deviceId, Availability availability, Instant at) {
        if (log != null) {
            log.append(new ClusterEvent.AvailabilityChanged(siteOf.apply(deviceId), hubId, deviceId, at,
                    availability == Availability.ONLINE));
        }
    }

    /** The command's outcome at this hub, for the worker whose rule sent it. */
    void completed(ClusterCommand command, CommandResult result) {
        Instant at = clock.instant();
        log.append(result instanceof CommandResult.Replied replied
                ? new ClusterEvent.CommandCompleted(command.site(), hubId, command.deviceId(), at, command.commandId(),
                        replied.ok(), replied.result(), replied.error())
                : new ClusterEvent.CommandCompleted(command.site(), hubId, command.deviceId(), at, command.commandId(),
                        false, Optional.empty(), Optional.of(((CommandResult.NoReply) result).reason())));
    }

    private Write receipt(ClusterEvent event) {
        return new Write.ClusterReceipt(log.append(event).completeOnTimeout(false, ackTimeout.toMillis(), TimeUnit.MILLISECONDS));
    }
}
