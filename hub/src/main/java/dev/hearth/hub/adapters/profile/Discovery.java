package dev.hearth.hub.adapters.profile;

import dev.hearth.wire.AttributeMeta;
import dev.hearth.wire.CommandMeta;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A protocol's own discovery, on a tree its devices share (Tasmota's {@code tasmota/discovery/<MAC>/...}): what a
 * device says of itself there, read by code for its {@code format}, for the login that publishes it. Both topics are
 * inside a swallowed tree, so that nothing one login writes there reaches another, and each is one device's.
 *
 * @param config      the filter of the device's own description (relays, model, firmware, names)
 * @param sensors     the filter of its sensors' first readings, each a JSON object whose {@code sensorsField} is read
 *                    as a message on {@code sensorsAs} would be (Tasmota's {@code sn} as its {@code tele/<t>/SENSOR})
 * @param kinds       by name of {@link #KINDS}, what each adds to the meta of a device whose config lists it
 */
public record Discovery(String format, String config, String sensors, String sensorsField, Template sensorsAs,
                        Map<String, Kind> kinds) {
    /** The kinds of output a Tasmota config lists: {@code rl} 2 and 3, {@code btn}, {@code swc}. */
    public static final List<String> KINDS = List.of("light", "shutter", "button", "switch");

    /**
     * What a kind the config lists adds to the meta: attributes, named with {@code {n}} for the output's number
     * ({@code button{n}}), and commands; a kind it does not list has none of them.
     */
    public record Kind(Map<Template, AttributeMeta> attributes, List<CommandMeta> commands) {
        public Kind {
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
            commands = List.copyOf(commands);
        }
    }

    public Discovery {
        kinds = Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sensors, "sensors");
        Objects.requireNonNull(sensorsField, "sensorsField");
        Objects.requireNonNull(sensorsAs, "sensorsAs");
    }
}
