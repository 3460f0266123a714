package dev.hearth.hub.cluster;

import dev.hearth.cluster.ClusterEvent;
import dev.hearth.cluster.ClusterEvent.AvailabilityChanged;
import dev.hearth.cluster.ClusterEvent.CommandCompleted;
import dev.hearth.cluster.ClusterEvent.MetaDescribed;
import dev.hearth.cluster.ClusterEvent.StateChanged;
import dev.hearth.cluster.ClusterEvent.TelemetryReceived;
import dev.hearth.hub.StorageFeed;
import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import dev.hearth.hub.storage.Write;
import dev.hearth.rules.StateChange;
import dev.hearth.wire.Telemetry;
import dev.hearth.wire.WireJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rows a cluster event stands for: the same a single hub writes for the same event ({@link StorageFeed}), with
 * each history row keyed by the Kafka record it came from ({@code eventKey}), so that a record delivered again adds
 * no row. Latest state and status are upserts and a trace is keyed by its run id: written again, they stay as they are.
 */
final class SinkRows implements ClusterEvent.Visitor<List<Write>> {
    private final String eventKey;

    private SinkRows(String eventKey) {
        this.eventKey = eventKey;
    }

    /** {@code eventKey}: where the event was read, {@code topic/partition/offset}. */
    static List<Write> of(ClusterEvent event, String eventKey) {
        return event.accept(new SinkRows(eventKey));
    }

    private List<Write> keyed(List<Write> writes) {
        return writes.stream().map(write -> write instanceof Write.History row ? row.withEventKey(eventKey) : write).toList();
    }

    @Override
    public List<Write> state(StateChanged changed) {
        return keyed(StorageFeed.ofState(List.of(new StateChange(changed.deviceId(), changed.attribute(), changed.previous(),
                changed.current(), changed.at(), changed.causation()))));
    }

    @Override
    public List<Write> availability(AvailabilityChanged availability) {
        return List.of(new Write.Status(availability.deviceId(), availability.online() ? "online" : "offline",
                availability.at(), Optional.empty()));
    }

    @Override
    public List<Write> telemetry(TelemetryReceived telemetry) {
        // the event carries when the hub received it; a single hub stores the time the device measured, as here
        Instant measured;
        try {
            measured = Telemetry.measuredAt(telemetry.measurements(), telemetry.at());
        } catch (WireJson.InvalidPayloadException e) {
            measured = telemetry.at(); // the hub checked it on arrival; a clock that moved since must not lose the row
        }
        return keyed(StorageFeed.ofTelemetry(telemetry.deviceId(), telemetry.measurements(), measured));
    }

    @Override
    public List<Write> meta(MetaDescribed described) {
        return StorageFeed.ofMeta(described.deviceId(), described.meta(), Availability.ONLINE, described.at());
    }

    @Override
    public List<Write> commandCompleted(CommandCompleted completed) {
        return List.of(); // the workers' business: the hub's storage keeps no command outcomes
    }
}
