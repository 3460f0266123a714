package dev.hearth.cluster;

import dev.hearth.rules.Trace;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Kafka serdes over {@link ClusterJson}; a record that does not read throws {@link ClusterFormatException}, and a
 * tombstone (no value) reads as null, as Kafka's own serdes do.
 */
public final class ClusterSerdes {
    private ClusterSerdes() {
    }

    public static Serde<ClusterEvent> events() {
        return Serdes.serdeFrom((topic, event) -> ClusterJson.write(event), (topic, bytes) -> bytes == null ? null : ClusterJson.readEvent(bytes));
    }

    public static Serde<ClusterCommand> commands() {
        return Serdes.serdeFrom((topic, command) -> ClusterJson.write(command),
                (topic, bytes) -> bytes == null ? null : ClusterJson.readCommand(bytes));
    }

    /** Rule runs' traces ({@link TraceJson}). */
    public static Serde<Trace> traces() {
        return Serdes.serdeFrom((topic, trace) -> TraceJson.bytes(trace), (topic, bytes) -> bytes == null ? null : TraceJson.read(bytes));
    }
}
