package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.hub.adapters.NativeTopics;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * hearth.yml's {@code homeassistant:} section: whether the hub publishes Home Assistant MQTT discovery for its
 * devices (off unless asked), under which discovery prefix (Home Assistant's default {@code homeassistant}),
 * how long at most it waits after Home Assistant's birth message before publishing every config again (a
 * random delay up to this, so that several publishers do not all answer at once), and the {@code support_url}
 * the configs' origin names.
 */
public record HomeAssistantSettings(boolean discovery, String prefix, Duration republishDelayMax, Optional<String> supportUrl) {
    public static final String DEFAULT_PREFIX = "homeassistant";
    public static final long DEFAULT_REPUBLISH_DELAY_MAX_MS = 5_000;

    public HomeAssistantSettings {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(supportUrl, "supportUrl");
        if (!isPlainTopicLevel(prefix)) {
            throw new IllegalArgumentException("homeassistant.prefix must be one topic level of letters, digits, '_' or '-', was '"
                    + prefix + "'");
        }
        if (NativeTopics.HEARTH_TREES.containsKey(prefix)) {
            throw new IllegalArgumentException("homeassistant.prefix '" + prefix + "' is a tree of Hearth's own; choose another");
        }
        if (republishDelayMax.isNegative() || republishDelayMax.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("homeassistant.republish-delay-max-ms must be within 0..300000, was "
                    + republishDelayMax.toMillis());
        }
    }

    /** As written in the config; a key left out takes its default. */
    @JsonCreator
    public static HomeAssistantSettings of(@JsonProperty("discovery") Boolean discovery, @JsonProperty("prefix") String prefix,
                                           @JsonProperty("republish-delay-max-ms") Long republishDelayMaxMs,
                                           @JsonProperty("support-url") String supportUrl) {
        return new HomeAssistantSettings(Boolean.TRUE.equals(discovery), prefix == null ? DEFAULT_PREFIX : prefix,
                Duration.ofMillis(republishDelayMaxMs == null ? DEFAULT_REPUBLISH_DELAY_MAX_MS : republishDelayMaxMs),
                Optional.ofNullable(supportUrl));
    }

    public static HomeAssistantSettings defaults() {
        return of(null, null, null, null);
    }

    /** A topic level Home Assistant accepts in a discovery topic (and no MQTT wildcard or separator). */
    public static boolean isPlainTopicLevel(String level) {
        if (level == null || level.isEmpty()) {
            return false;
        }
        for (int i = 0; i < level.length(); i++) {
            char c = level.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
