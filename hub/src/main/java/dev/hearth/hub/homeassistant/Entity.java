package dev.hearth.hub.homeassistant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One Home Assistant entity of a device: its discovery topic and config, the attribute whose value its state
 * topic carries (none for a button), and what its command topic does (none for a sensor).
 */
public record Entity(Component component, String discoveryTopic, ObjectNode config, Optional<String> stateAttribute,
                     Optional<Control> control) {
    public Entity {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(discoveryTopic, "discoveryTopic");
        config = config.deepCopy();
        Objects.requireNonNull(stateAttribute, "stateAttribute");
        Objects.requireNonNull(control, "control");
    }

    @Override
    public ObjectNode config() {
        return config.deepCopy();
    }

    /** The topic Home Assistant sends the entity's commands on, if it takes any. */
    public Optional<String> commandTopic() {
        return Optional.ofNullable(config.get("command_topic")).map(node -> node.asText());
    }
}
