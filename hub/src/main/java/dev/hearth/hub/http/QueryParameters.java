package dev.hearth.hub.http;

import dev.hearth.rules.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Query parameters read and checked in one place: out of range is a 400 naming the parameter
 * ({@link JsonBody.BadRequest}), never a value passed on to overflow in storage (a 500).
 */
final class QueryParameters {
    /** The years 0000 to 9999: any instant a person means, and all of them fit epoch milliseconds. */
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    /** Wider buckets than ten years summarise nothing the hub keeps. */
    static final Duration MAX_BUCKET = Duration.ofDays(3_653);

    private QueryParameters() {
    }

    static Instant instant(String parameter, String value) {
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new JsonBody.BadRequest("query parameter '" + parameter + "' must be an ISO-8601 instant"
                    + " such as 2026-11-27T06:00:00Z, got '" + value + "'");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new JsonBody.BadRequest("query parameter '" + parameter + "' must be between " + EARLIEST
                    + " and " + LATEST + ", got '" + value + "'");
        }
        return instant;
    }

    /** Absent: {@code otherwise}; present: a whole number from 1 to {@code max}. */
    static int limit(Optional<String> value, int otherwise, int max) {
        if (value.isEmpty()) {
            return otherwise;
        }
        String text = value.get();
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > max) {
            throw new JsonBody.BadRequest("query parameter 'limit' must be a whole number from 1 to " + max + ", got '" + text + "'");
        }
        return limit;
    }

    /** A bucket width such as 30s, 5m, 1h, 1d or 1h30m (the one duration syntax), up to {@link #MAX_BUCKET}. */
    static Duration bucket(String value) {
        Optional<Duration> width = Durations.parse(value);
        if (width.isEmpty() || width.get().isZero() || width.get().compareTo(MAX_BUCKET) > 0) {
            throw new JsonBody.BadRequest("query parameter 'bucket' must be a width such as 30s, 5m, 1h or 1d, at most "
                    + MAX_BUCKET.toDays() + "d, got '" + value + "'");
        }
        return width.get();
    }

    /** How long to wait for a command's reply, such as 500ms or 5s, more than 0 and at most {@code max}. */
    static Duration timeout(String value, Duration max) {
        Optional<Duration> wait = Durations.parse(value);
        if (wait.isEmpty()) {
            throw new JsonBody.BadRequest("query parameter 'timeout' must look like 500ms or 5s, got '" + value + "'");
        }
        if (wait.get().isZero() || wait.get().compareTo(max) > 0) {
            throw new JsonBody.BadRequest("query parameter 'timeout' must be more than 0 and at most " + Durations.format(max));
        }
        return wait.get();
    }
}
