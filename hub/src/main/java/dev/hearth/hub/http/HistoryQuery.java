package dev.hearth.hub.http;

import dev.hearth.hub.storage.HistoryRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code ?attribute=temp&from=ISO&to=ISO&bucket=5m&limit=N} of a device's history, read and
 * checked once: the last hour unless from/to say otherwise; raw points (at most {@code limit}),
 * or avg/min/max per bucket when a bucket width is given. {@code bucket} is the width as asked,
 * which the answer repeats.
 */
record HistoryQuery(String attribute, TimeRange range, Optional<String> bucket, Optional<Duration> bucketWidth, int limit) {
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    /** Checked in this order, so that of several wrong parameters the same one is named each time. */
    static HistoryQuery read(Optional<String> attribute, Optional<String> from, Optional<String> to,
                             Optional<String> bucket, Optional<String> limit, Instant now) {
        if (attribute.isEmpty() || attribute.get().isBlank()) {
            throw new JsonBody.BadRequest("query parameter 'attribute' is required, e.g. ?attribute=temperature");
        }
        Instant end = to.map(value -> QueryParameters.instant("to", value)).orElse(now);
        Instant start = from.map(value -> QueryParameters.instant("from", value)).orElse(end.minus(DEFAULT_RANGE));
        Optional<Duration> width = bucket.map(QueryParameters::bucket);
        int maxPoints = QueryParameters.limit(limit, HistoryRepository.MAX_POINTS, HistoryRepository.MAX_POINTS);
        return new HistoryQuery(attribute.get(), new TimeRange(start, end), bucket, width, maxPoints);
    }
}
