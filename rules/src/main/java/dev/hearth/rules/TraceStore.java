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

    List<Trace> byDevice(String deviceId, int limit);

    /** Traces whose run started in [from, to). */
    List<Trace> between(Instant from, Instant to, int limit);
}
