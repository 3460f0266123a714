package dev.hearth.wire;

import java.util.Optional;

/** The payload of {@code devices/{id}/status}: plain text {@code online} or {@code offline}. */
public enum Availability {
    ONLINE("online"),
    OFFLINE("offline");

    private final String wire;

    Availability(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Exactly {@code online} or {@code offline}, give or take a line end or spaces around: no control characters. */
    public static Optional<Availability> parse(String payload) {
        String word = payload == null ? null : trimSpaces(payload);
        for (Availability a : values()) {
            if (a.wire.equals(word)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Unlike String.trim, which also drops NUL and the other control characters ("online\0" read as online). */
    private static String trimSpaces(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && " \t\r\n".indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && " \t\r\n".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }

    /** A status payload as the hub reads it: UTF-8 {@code online} or {@code offline}, or refused. */
    public static Availability read(byte[] payload) throws WireJson.InvalidPayloadException {
        return parse(WireJson.strictUtf8(payload)).orElseThrow(() -> new WireJson.InvalidPayloadException(
                PayloadFault.INVALID_STATUS, "expected 'online' or 'offline'"));
    }
}
