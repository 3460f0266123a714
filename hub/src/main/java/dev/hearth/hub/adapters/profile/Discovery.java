package dev.hearth.hub.adapters.profile;

import java.util.Objects;

/**
 * A protocol's own discovery, on a tree its devices share (Tasmota's {@code tasmota/discovery/<MAC>/...}): what a
 * device says of itself there, read by code for its {@code format}, for the login that publishes it. Both topics are
 * inside a swallowed tree, so that nothing one login writes there reaches another, and each is one device's.
 *
 * @param config      the filter of the device's own description (relays, model, firmware, names)
 * @param sensors     the filter of its sensors' first readings, each a JSON object whose {@code sensorsField} is read
 *                    as a message on {@code sensorsAs} would be (Tasmota's {@code sn} as its {@code tele/<t>/SENSOR})
 */
public record Discovery(String format, String config, String sensors, String sensorsField, Template sensorsAs) {
    public Discovery {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sensors, "sensors");
        Objects.requireNonNull(sensorsField, "sensorsField");
        Objects.requireNonNull(sensorsAs, "sensorsAs");
    }
}
