package dev.hearth.hub.adapters.discovery;

/**
 * A discovery config Hearth does not obey, by a stable reason (the metrics' {@code reason} label) and a sentence
 * naming the config topic and the field: {@code not_json}, {@code unknown_component}, {@code config_topic_not_allowed}
 * (a topic outside the login's own tree), {@code template_not_understood}, {@code invalid_config}.
 */
public final class ConfigRefused extends Exception {
    public static final String NOT_JSON = "not_json";
    public static final String UNKNOWN_COMPONENT = "unknown_component";
    public static final String TOPIC_NOT_ALLOWED = "config_topic_not_allowed";
    public static final String TEMPLATE_NOT_UNDERSTOOD = "template_not_understood";
    public static final String INVALID_CONFIG = "invalid_config";

    private final String reason;

    public ConfigRefused(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
