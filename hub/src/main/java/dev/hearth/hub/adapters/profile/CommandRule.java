package dev.hearth.hub.adapters.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * How a canonical command goes out natively: to {@code topic}, with {@code payload}; never retained
 * (a retained command would switch the device again each time it reconnects: "ghost switching").
 * The command is confirmed by the next report of the device naming one of {@code confirm}'s
 * attributes; {@code args} as confirmation means the attributes the arguments set. {@code needs}:
 * the command exists only for devices with that settable attribute (a bridge's devices differ).
 */
public record CommandRule(String name, Template topic, Payload payload, Confirm confirm, Optional<String> needs) {
    public sealed interface Payload {
        /** Plain text, e.g. Tasmota's {@code ON}. */
        record Text(String text) implements Payload {
        }

        /** A JSON document, e.g. {@code {"state":"ON"}}. */
        record Json(JsonNode json) implements Payload {
        }

        /** The command's arguments as a JSON object, as they are (Zigbee2MQTT's {@code set}). */
        record Args() implements Payload {
        }
    }

    public sealed interface Confirm {
        /** Any of these attributes (templates: {@code power{args.relay}}). */
        record Attributes(List<Template> attributes) implements Confirm {
            public Attributes {
                attributes = List.copyOf(attributes);
            }
        }

        /** The attributes named by the arguments' keys. */
        record ArgumentKeys() implements Confirm {
        }
    }
}
