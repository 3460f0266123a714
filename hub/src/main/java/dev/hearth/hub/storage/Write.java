package dev.hearth.hub.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the storage writer persists, off the broker's threads. */
public sealed interface Write {
    /** The latest value of an attribute; an empty value removes it. */
    record LatestState(String deviceId, String attribute, Optional<JsonNode> value, Instant at) implements Write {
    }

    record Status(String deviceId, String availability, Instant lastSeen, Optional<ObjectNode> meta) implements Write {
    }

    record History(HistoryPoint point) implements Write {
    }

    record TraceRecord(dev.hearth.rules.Trace trace) implements Write {
    }

    /**
     * The writes of one acknowledged (QoS 1) message, committed together; {@code stored}
     * completes true once they are on disk, false when they were dropped or failed.
     */
    record Acknowledged(List<Write> writes, CompletableFuture<Boolean> stored) implements Write {
        public Acknowledged {
            writes = List.copyOf(writes);
        }
    }
}
