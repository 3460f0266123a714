package dev.hearth.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The measurement time a telemetry object may claim in {@code ts}. A device's claim is checked
 * here, at the edge: a time the storage cannot represent (the year +1000000000) or that means
 * nothing (before there were such devices, or days ahead) is refused, never stored.
 */
public final class Telemetry {
    /** The field a telemetry object may carry its measurement time in. */
    public static final String TIMESTAMP_FIELD = "ts";
    /** No measurement is older than this; an earlier time is a device with an unset clock. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Clocks drift and zones get confused, but a measurement from more than this far in the future is not one. */
    public static final Duration MAX_AHEAD = Duration.ofDays(1);

    private Telemetry() {
    }

    /**
     * When the measurements were taken: their {@code ts} (epoch milliseconds or an ISO-8601
     * instant), or {@code received} when they carry none (or null).
     */
    public static Instant measuredAt(ObjectNode measurements, Instant received) throws WireJson.InvalidPayloadException {
        JsonNode ts = measurements.get(TIMESTAMP_FIELD);
        if (ts == null || ts.isNull()) {
            return received;
        }
        Instant at = parse(ts);
        if (at.isBefore(EARLIEST) || at.isAfter(received.plus(MAX_AHEAD))) {
            throw new WireJson.InvalidPayloadException(PayloadFault.INVALID_TIMESTAMP,
                    "'ts' " + shown(ts) + " is out of range: a measurement time is after " + EARLIEST
                            + " and at most " + MAX_AHEAD.toHours() + " hours ahead of the hub's clock");
        }
        return at;
    }

    private static Instant parse(JsonNode ts) throws WireJson.InvalidPayloadException {
        if (ts.isNumber() && ts.canConvertToLong()) {
            return Instant.ofEpochMilli(ts.asLong());
        }
        if (ts.isTextual()) {
            try {
                return Instant.parse(ts.textValue());
            } catch (DateTimeParseException e) {
                // refused below, with the others
            }
        }
        throw new WireJson.InvalidPayloadException(PayloadFault.INVALID_TIMESTAMP,
                "'ts' must be epoch milliseconds or an ISO-8601 instant such as 2026-11-27T06:00:00Z, got " + shown(ts));
    }

    /** The claim as it goes into a log line and a PUBACK reason: a hostile one can be 64 KB. */
    private static String shown(JsonNode ts) {
        String text = ts.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
