package dev.hearth.hub.http;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern BUCKET = Pattern.compile("(\\d{1,9})([smhd])");

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

    /** A bucket width such as 30s, 5m, 1h or 1d, up to {@link #MAX_BUCKET}. */
    static Duration bucket(String value) {
        Matcher m = BUCKET.matcher(value);
        Duration width = null;
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1)); // at most 9 digits: no overflow below
            width = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (width == null || width.isZero() || width.compareTo(MAX_BUCKET) > 0) {
            throw new JsonBody.BadRequest("query parameter 'bucket' must be a width such as 30s, 5m, 1h or 1d, at most "
                    + MAX_BUCKET.toDays() + "d, got '" + value + "'");
        }
        return width;
    }
}
