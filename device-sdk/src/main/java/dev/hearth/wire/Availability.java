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

    public static Optional<Availability> parse(String payload) {
        for (Availability a : values()) {
            if (a.wire.equals(payload == null ? null : payload.trim())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** A status payload as the hub reads it: UTF-8 {@code online} or {@code offline}, or refused. */
    public static Availability read(byte[] payload) throws WireJson.InvalidPayloadException {
        return parse(WireJson.strictUtf8(payload)).orElseThrow(() -> new WireJson.InvalidPayloadException(
                PayloadFault.INVALID_STATUS, "expected 'online' or 'offline'"));
    }
}
