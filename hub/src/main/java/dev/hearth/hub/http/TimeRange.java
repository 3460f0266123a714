package dev.hearth.hub.http;

import java.time.Instant;

/** A query's {@code from} and {@code to}; an empty or backward range is a 400. */
record TimeRange(Instant from, Instant to) {
    TimeRange {
        if (!from.isBefore(to)) {
            throw new JsonBody.BadRequest("'from' must be before 'to'");
        }
    }
}
