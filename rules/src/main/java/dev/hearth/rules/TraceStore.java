package dev.hearth.rules;

import java.time.Instant;
import java.util.List;

/**
 * Where traces go. The engine appends on its scheduler thread: keep {@code append} quick (hand the
 * trace to another thread to store it durably). Queries return the newest first, at most {@code limit}.
 */
public interface TraceStore {
    void append(Trace trace);

    List<Trace> byRule(String ruleId, int limit);

    /** Traces of runs that touched the device, whenever they started. */
    default List<Trace> byDevice(String deviceId, int limit) {
        return byDevice(deviceId, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE), limit);
    }

    /** Traces of runs that touched the device and started in [from, to). */
    List<Trace> byDevice(String deviceId, Instant from, Instant to, int limit);

    /** Traces whose run started in [from, to). */
    List<Trace> between(Instant from, Instant to, int limit);
}
