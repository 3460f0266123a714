package dev.hearth.rules;

import java.util.Objects;

/** {@code device.attribute}, as written in a rule. */
public record AttributeRef(String deviceId, String attribute) {
    public AttributeRef {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(attribute, "attribute");
    }

    @Override
    public String toString() {
        return deviceId + "." + attribute;
    }
}
