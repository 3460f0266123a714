package dev.hearth.hub.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code ?device=&from=&to=&limit=} of the traces, read and checked once. A device's runs are
 * looked for whenever they started unless from/to narrow it; without a device, the last hour.
 */
record TraceQuery(Optional<String> device, TimeRange range, int limit) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1_000;
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    static TraceQuery read(Optional<String> device, Optional<String> from, Optional<String> to, Optional<String> limit,
                           Instant now) {
        int most = limit(limit);
        Instant end = to.map(value -> QueryParameters.instant("to", value))
                .orElse(device.isPresent() ? QueryParameters.LATEST : now);
        Instant start = from.map(value -> QueryParameters.instant("from", value))
                .orElse(device.isPresent() ? QueryParameters.EARLIEST : end.minus(DEFAULT_RANGE));
        return new TraceQuery(device, new TimeRange(start, end), most);
    }

    /** {@code ?limit=} alone, for one rule's traces. */
    static int limit(Optional<String> limit) {
        return QueryParameters.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
    }
}
