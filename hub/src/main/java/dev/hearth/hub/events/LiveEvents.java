package dev.hearth.hub.events;

import dev.hearth.hub.devices.DeviceSnapshot.Availability;
import dev.hearth.hub.devices.DeviceStateStore;
import dev.hearth.rules.RunListener;
import dev.hearth.rules.RunReport;
import dev.hearth.rules.StateChange;
import java.time.Instant;
import java.util.Locale;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Fans hub events out to live subscribers. Best effort by design: a slow subscriber misses
 * events rather than slowing the broker's threads or growing memory; it can re-read the state
 * from the API.
 */
public final class LiveEvents implements RunListener, DeviceStateStore.AvailabilityListener {
    private final Sinks.Many<LiveEvent> sink = Sinks.many().multicast().directBestEffort();

    public void onStateChange(StateChange change) {
        if (nobodyListens()) {
            return;
        }
        emit(new LiveEvent.StateChanged(change.deviceId(), change.attribute(), change.current(),
                change.previous().orElse(null), change.at().toString()));
    }

    @Override
    public void onAvailability(String deviceId, Availability availability, Instant at) {
        if (nobodyListens()) {
            return;
        }
        emit(new LiveEvent.AvailabilityChanged(deviceId, availability.name().toLowerCase(Locale.ROOT), at.toString()));
    }

    @Override
    public void onRun(RunReport report) {
        if (nobodyListens()) {
            return;
        }
        emit(new LiveEvent.RuleRun(report.ruleId(), report.trigger(), report.outcome().name().toLowerCase(Locale.ROOT),
                report.detail(), report.at().toString()));
    }

    public Flux<LiveEvent> stream() {
        return sink.asFlux();
    }

    /** An event nobody would receive is not built: it is on the path of every state change. */
    private boolean nobodyListens() {
        return sink.currentSubscriberCount() == 0;
    }

    private void emit(LiveEvent event) {
        // several broker threads may emit at once: retry briefly instead of failing on contention
        sink.emitNext(event, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofMillis(50)));
    }
}
