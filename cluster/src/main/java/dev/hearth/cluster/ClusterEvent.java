package dev.hearth.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Causation;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A device event a hub accepted, as the rule workers read it. {@code hub} names the hub that accepted it (for traces
 * and for the failover test's ordering check); {@code at} is when the hub accepted it.
 */
public sealed interface ClusterEvent {
    String site();

    String hub();

    String deviceId();

    Instant at();

    /** Dispatch by kind: a new kind is a compile error in every visitor. */
    <R> R accept(Visitor<R> visitor);

    interface Visitor<R> {
        R state(StateChanged changed);

        R availability(AvailabilityChanged availability);

        R telemetry(TelemetryReceived telemetry);

        R meta(MetaDescribed described);

        R commandCompleted(CommandCompleted completed);
    }

    /** One attribute's reported value changed; {@code previous} is empty the first time. */
    record StateChanged(String site, String hub, String deviceId, Instant at, String attribute, Optional<JsonNode> previous,
                        JsonNode current, Causation causation) implements ClusterEvent {
        public StateChanged {
            requireCommon(site, hub, deviceId, at);
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(causation, "causation");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.state(this);
        }
    }

    /** The device went online or offline. */
    record AvailabilityChanged(String site, String hub, String deviceId, Instant at, boolean online) implements ClusterEvent {
        public AvailabilityChanged {
            requireCommon(site, hub, deviceId, at);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.availability(this);
        }
    }

    /** Measurements the device sent; not state. */
    record TelemetryReceived(String site, String hub, String deviceId, Instant at, ObjectNode measurements)
            implements ClusterEvent {
        public TelemetryReceived {
            requireCommon(site, hub, deviceId, at);
            measurements = Objects.requireNonNull(measurements, "measurements").deepCopy();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.telemetry(this);
        }
    }

    /** What the device is (its meta document), as the wire contract's {@code meta} topic carries it. */
    record MetaDescribed(String site, String hub, String deviceId, Instant at, ObjectNode meta) implements ClusterEvent {
        public MetaDescribed {
            requireCommon(site, hub, deviceId, at);
            meta = Objects.requireNonNull(meta, "meta").deepCopy();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.meta(this);
        }
    }

    /**
     * The outcome of a {@link ClusterCommand} at the hub that holds the device: the device's reply, or why there was
     * none ({@code ok} false, {@code error} says why).
     */
    record CommandCompleted(String site, String hub, String deviceId, Instant at, String commandId, boolean ok,
                            Optional<JsonNode> result, Optional<String> error) implements ClusterEvent {
        public CommandCompleted {
            requireCommon(site, hub, deviceId, at);
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.commandCompleted(this);
        }
    }

    private static void requireCommon(String site, String hub, String deviceId, Instant at) {
        SiteKey.require(site);
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(at, "at");
    }
}
