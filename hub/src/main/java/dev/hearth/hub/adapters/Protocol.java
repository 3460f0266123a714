package dev.hearth.hub.adapters;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a login of hearth.yml speaks: Hearth's own wire contract, or a native protocol that an
 * adapter translates (its profile is {@code <name>.yaml} next to this class), or Home Assistant, a
 * client of the hub's discovery (no device: it reads what the hub publishes for it and sends commands).
 */
public enum Protocol {
    /** The wire contract of dev.hearth.wire: {@code devices/{id}/...}. */
    HEARTH("hearth", Optional.empty(), false),
    /** One Tasmota device: {@code tele/<topic>/...}, {@code stat/<topic>/...}, {@code cmnd/<topic>/...}. */
    TASMOTA("tasmota", Optional.empty(), true),
    /** A Zigbee2MQTT bridge speaking for the devices behind it, under its base topic. */
    ZIGBEE2MQTT("zigbee2mqtt", Optional.of("zigbee2mqtt"), true),
    /**
     * One Shelly Gen2/Gen3 (Plus, Pro) device under its MQTT topic prefix ({@code <prefix>/status/switch:0},
     * {@code <prefix>/events/rpc}, {@code <prefix>/online}), commanded by JSON-RPC on {@code <prefix>/rpc}.
     */
    SHELLY("shelly", Optional.empty(), true),
    /** Home Assistant reading the hub's MQTT discovery: its topics are the discovery prefix's and the hub's for it. */
    HOME_ASSISTANT("homeassistant", Optional.empty(), false),
    /**
     * A device that announces itself by Home Assistant MQTT discovery (ESPHome, and many DIY and bridge firmwares):
     * its configs on {@code homeassistant/<component>/<topic>/<object_id>/config} name its topics, all under
     * {@code <topic>/}. Read by code ({@code DiscoverySession}), not by a profile: its topics are the device's to name.
     */
    HA_DISCOVERY("ha-discovery", Optional.empty(), true);

    private final String configName;
    private final Optional<String> defaultTopic;
    private final boolean translated;

    Protocol(String configName, Optional<String> defaultTopic, boolean translated) {
        this.configName = configName;
        this.defaultTopic = defaultTopic;
        this.translated = translated;
    }

    /** As hearth.yml and the API spell it. */
    public String configName() {
        return configName;
    }

    /** The native topic a login has when hearth.yml gives none: Zigbee2MQTT's default base topic. */
    public Optional<String> defaultTopic() {
        return defaultTopic;
    }

    /** A device protocol an adapter translates (it has a profile and a native topic). */
    public boolean isNative() {
        return translated;
    }

    /** Whether a YAML profile says how the protocol is read ({@code <name>.yaml}); Home Assistant discovery is code. */
    public boolean hasProfile() {
        return translated && this != HA_DISCOVERY;
    }

    /** From hearth.yml's {@code protocol:}; the message lists what is accepted. */
    public static Protocol fromConfig(String name) {
        for (Protocol protocol : values()) {
            if (protocol.configName.equals(name.toLowerCase(Locale.ROOT))) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Protocol::configName).collect(Collectors.joining(", ")));
    }
}
