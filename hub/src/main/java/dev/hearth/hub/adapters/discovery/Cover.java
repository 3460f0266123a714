package dev.hearth.hub.adapters.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A cover's payloads and topics, Home Assistant's defaults filled in: {@code payload_open} {@code OPEN} (null: it
 * takes no open), {@code state_open} {@code open}, ...; its position runs from {@code position_closed} (0) to
 * {@code position_open} (100) on the wire, and is 0..100 in Hearth.
 *
 * @param states the state words on the wire, to Hearth's ({@code open}, {@code closed}, {@code opening},
 *               {@code closing}, {@code stopped})
 */
public record Cover(Optional<String> payloadOpen, Optional<String> payloadClose, Optional<String> payloadStop,
                    Map<String, String> states, Optional<StateTopic> position, Optional<String> setPositionTopic,
                    int positionOpen, int positionClosed) {
    public static final String OPEN = "open";
    public static final String CLOSE = "close";
    public static final String STOP = "stop";
    public static final String SET_POSITION = "set_position";

    public Cover {
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states)); // in the order messages name them
    }

    static Cover read(String configTopic, ObjectNode config) throws ConfigRefused {
        Map<String, String> states = new LinkedHashMap<>();
        for (String state : new String[] {"open", "closed", "opening", "closing", "stopped"}) {
            String wire = ConfigReader.text(config, "state_" + state, state);
            if (states.putIfAbsent(wire, state) != null) {
                throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": state_" + state + " '" + wire
                        + "' is also state_" + states.get(wire));
            }
        }
        int open = config.path("position_open").asInt(100);
        int closed = config.path("position_closed").asInt(0);
        if (open == closed) {
            throw new ConfigRefused(ConfigRefused.INVALID_CONFIG, configTopic + ": position_open and position_closed are both "
                    + open);
        }
        Optional<StateTopic> position = ConfigReader.optionalText(config, "position_topic").isEmpty() ? Optional.empty()
                : Optional.of(new StateTopic(config.get("position_topic").textValue(),
                        ConfigReader.template(configTopic, config, "position_template")));
        return new Cover(payload(config, "payload_open", "OPEN"), payload(config, "payload_close", "CLOSE"),
                payload(config, "payload_stop", "STOP"), states, position,
                ConfigReader.optionalText(config, "set_position_topic"), open, closed);
    }

    /** A command's payload; a config that sets it to null says the cover does not take that command. */
    private static Optional<String> payload(ObjectNode config, String field, String fallback) {
        return config.has(field) && config.get(field).isNull() ? Optional.empty()
                : Optional.of(ConfigReader.text(config, field, fallback));
    }

    /** The payload of a command that moves the cover: {@code open}, {@code close} or {@code stop}. */
    Optional<String> payload(String command) {
        return switch (command) {
            case OPEN -> payloadOpen;
            case CLOSE -> payloadClose;
            case STOP -> payloadStop;
            default -> Optional.empty();
        };
    }

    /** A position on the wire as Hearth's 0..100 (0 closed), or empty when it is outside the cover's range. */
    Optional<Long> percent(double wire) {
        double percent = (wire - positionClosed) * 100.0 / (positionOpen - positionClosed);
        return percent < -1e-9 || percent > 100 + 1e-9 ? Optional.empty() : Optional.of(Math.round(percent));
    }

    /** Hearth's 0..100 as the position the device takes. */
    long wire(long percent) {
        return Math.round(positionClosed + percent * (positionOpen - positionClosed) / 100.0);
    }
}
