package dev.hearth.hub.devices;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the hub knows of one device at one moment: reported state (the merge of every report),
 * when each attribute last changed, availability and when it was last heard from.
 */
public record DeviceSnapshot(
        String id,
        Availability availability,
        Optional<Instant> lastSeen,
        ObjectNode reported,
        Map<String, Instant> updatedAt,
        Optional<ObjectNode> meta) {

    public DeviceSnapshot {
        updatedAt = Map.copyOf(updatedAt);
    }

    /** The wire's online/offline, plus what the hub says before it has heard anything. */
    public enum Availability { UNKNOWN, ONLINE, OFFLINE }
}
