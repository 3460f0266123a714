package dev.hearth.hub.adapters;

/**
 * A native message refused, by a stable reason (the metrics' {@code reason} label: the wire's
 * {@code not_json}, {@code invalid_status}..., and the adapters' {@code invalid_value},
 * {@code unknown_device}) and a sentence that names the topic and the field.
 */
final class Refusal extends Exception {
    static final String INVALID_VALUE = "invalid_value";
    static final String UNKNOWN_DEVICE = "unknown_device";

    private final String reason;

    Refusal(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
