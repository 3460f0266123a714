package dev.hearth.hub.adapters.discovery;

import java.util.List;
import java.util.Optional;

/**
 * One entity a device announced on {@code <prefix>/<component>/<node_id>/<object_id>/config}, with its
 * abbreviations expanded, {@code ~} replaced and Home Assistant's defaults filled in.
 *
 * @param stateOn       the state payload that means on ({@code state_on}, else {@code payload_on}); for a binary
 *                      sensor its {@code payload_on}
 * @param availabilityMode {@code latest} (the default), {@code all} or {@code any}
 * @param options       a select's options, the only values it reports and takes
 * @param jsonAttributes its {@code json_attributes_topic}, whose object's fields are more attributes of its device
 */
public record EntityConfig(Component component, String objectId, Optional<String> name, Optional<String> stateTopic,
                           Optional<String> commandTopic, ValueTemplate valueTemplate, String payloadOn, String payloadOff,
                           String stateOn, String stateOff, String payloadPress, Optional<String> unit, Optional<String> stateClass,
                           List<AvailabilityTopic> availability, String availabilityMode, Optional<DeviceInfo> device,
                           Light light, Optional<Double> min, Optional<Double> max, List<String> options,
                           Optional<Cover> cover, Optional<Climate> climate, Optional<StateTopic> jsonAttributes) {
    public EntityConfig {
        availability = List.copyOf(availability);
        options = List.copyOf(options);
    }

    /**
     * A light's extras: the JSON schema (ESPHome's: state and command are one object, {@code {"state":"ON",
     * "brightness":255}}), or the default schema's brightness topics; {@code brightnessScale} is what full
     * brightness is on the wire (255 unless said).
     */
    public record Light(boolean jsonSchema, boolean brightness, Optional<String> brightnessStateTopic,
                        Optional<String> brightnessCommandTopic, ValueTemplate brightnessTemplate, int brightnessScale) {
        public static final Light NONE = new Light(false, false, Optional.empty(), Optional.empty(), ValueTemplate.VALUE, 255);
    }
}
