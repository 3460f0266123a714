package dev.hearth.hub.adapters;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a login of hearth.yml speaks: Hearth's own wire contract, or a native protocol that an
 * adapter translates (its profile is {@code <name>.yaml} next to this class). Home Assistant
 * discovery joins here as its adapter comes.
 */
public enum Protocol {
    /** The wire contract of dev.hearth.wire: {@code devices/{id}/...}. */
    HEARTH("hearth", Optional.empty()),
    /** One Tasmota device: {@code tele/<topic>/...}, {@code stat/<topic>/...}, {@code cmnd/<topic>/...}. */
    TASMOTA("tasmota", Optional.empty()),
    /** A Zigbee2MQTT bridge speaking for the devices behind it, under its base topic. */
    ZIGBEE2MQTT("zigbee2mqtt", Optional.of("zigbee2mqtt")),
    /**
     * One Shelly Gen2/Gen3 (Plus, Pro) device under its MQTT topic prefix ({@code <prefix>/status/switch:0},
     * {@code <prefix>/events/rpc}, {@code <prefix>/online}), commanded by JSON-RPC on {@code <prefix>/rpc}.
     */
    SHELLY("shelly", Optional.empty());

    private final String configName;
    private final Optional<String> defaultTopic;

    Protocol(String configName, Optional<String> defaultTopic) {
        this.configName = configName;
        this.defaultTopic = defaultTopic;
    }

    /** As hearth.yml and the API spell it. */
    public String configName() {
        return configName;
    }

    /** The native topic a login has when hearth.yml gives none: Zigbee2MQTT's default base topic. */
    public Optional<String> defaultTopic() {
        return defaultTopic;
    }

    public boolean isNative() {
        return this != HEARTH;
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
