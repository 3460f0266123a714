package dev.hearth.hub.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the storage writer persists, off the broker's threads. */
public sealed interface Write {
    /** The latest value of an attribute; an empty value removes it. */
    record LatestState(String deviceId, String attribute, Optional<JsonNode> value, Instant at) implements Write {
    }

    record Status(String deviceId, String availability, Instant lastSeen, Optional<ObjectNode> meta) implements Write {
    }

    /**
     * One history row: what one message reported (its state changes, or its measurements), as an
     * object of attribute to value. One row a message, not one a field: a sensor's six fields cost
     * one insert and one index entry instead of six of each. {@code eventKey}: see {@link #withEventKey}.
     */
    record History(String deviceId, Instant at, ObjectNode fields, Optional<String> eventKey) implements Write {
        public History {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(fields, "fields");
            Objects.requireNonNull(eventKey, "eventKey");
        }

        /** A row of the hub's own: stored as often as it is written. */
        public History(String deviceId, Instant at, ObjectNode fields) {
            this(deviceId, at, fields, Optional.empty());
        }

        /**
         * The same row keyed by where it came from ({@code eventKey}, say a Kafka record's topic/partition/offset):
         * written again, it is not stored twice.
         */
        public History withEventKey(String key) {
            return new History(deviceId, at, fields, Optional.of(key));
        }

        /** A row of one attribute. */
        public History(HistoryPoint point) {
            this(point.deviceId(), point.at(), JsonNodeFactory.instance.objectNode().set(point.attribute(), point.value()));
        }
    }

    record TraceRecord(dev.hearth.rules.Trace trace) implements Write {
    }

    /**
     * In cluster mode, a message's event handed to Kafka: {@code written} completes true once Kafka acknowledged it,
     * false when it could not be written in time. Not a row: the hub's storage feed takes it out before the storage
     * writer, and a QoS 1 message's acknowledgement waits for it as for the commit of its rows.
     */
    record ClusterReceipt(CompletableFuture<Boolean> written) implements Write {
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
