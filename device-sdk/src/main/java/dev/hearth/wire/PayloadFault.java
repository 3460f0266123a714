package dev.hearth.wire;

import java.util.Locale;

/**
 * Why a payload breaks the wire contract. The hub counts refusals by {@link #code()}, so the codes
 * are part of its metrics: add new ones, never rename.
 */
public enum PayloadFault {
    /** Not well-formed JSON, or empty. */
    NOT_JSON,
    /** JSON, but an array, a string, a number... where the topic wants an object. */
    NOT_OBJECT,
    /** Nested deeper than {@link WireJson#MAX_NESTING}. */
    TOO_DEEP,
    /** Over {@link WireJson#MAX_PAYLOAD_BYTES}, or a number or name too long to be read safely. */
    TOO_LARGE,
    /** Bytes that are not UTF-8, which MQTT and JSON both require. */
    INVALID_UTF8,
    /** A device meta that does not say what the device is (fields of the wrong type, no type). */
    INVALID_META,
    /** A status that is neither {@code online} nor {@code offline}. */
    INVALID_STATUS,
    /** A command reply that is not {@code {"ok": true|false, ...}} with an error when not ok. */
    INVALID_REPLY,
    /** A state report that would make the device's whole state larger than the hub keeps for one device. */
    STATE_TOO_LARGE,
    /**
     * A measurement time ({@code ts}) that is not epoch milliseconds or an ISO-8601 instant, or is
     * before {@link Telemetry#EARLIEST} or more than {@link Telemetry#MAX_AHEAD} ahead of the hub's clock.
     */
    INVALID_TIMESTAMP,
    /** A number beyond the range of a double ({@code 1e999}): it would be stored as infinity. */
    NUMBER_OUT_OF_RANGE,
    /** An object with the same key twice: which value counts would depend on the reader. */
    DUPLICATE_KEY,
    /** A state report naming an attribute longer than the hub accepts. */
    ATTRIBUTE_NAME_TOO_LONG,
    /** A state report that would give the device more attributes than the hub keeps for one device. */
    TOO_MANY_ATTRIBUTES;

    /** The stable name in metrics and logs, e.g. {@code too_deep}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
