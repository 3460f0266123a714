package dev.hearth.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** The port through which rules read a device's current state. */
@FunctionalInterface
public interface StateView {
    /** The last reported value of the attribute, or empty if the device never reported it. */
    Optional<JsonNode> attribute(String deviceId, String attribute);
}
