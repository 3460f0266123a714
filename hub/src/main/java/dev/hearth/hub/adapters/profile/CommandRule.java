package dev.hearth.hub.adapters.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * How a canonical command goes out natively: to {@code topic}, with {@code payload}; never retained
 * (a retained command would switch the device again each time it reconnects: "ghost switching").
 * The command is confirmed by the next report of the device naming one of {@code confirm}'s
 * attributes; {@code args} as confirmation means the attributes the arguments set; an RPC request is
 * confirmed by its reply. {@code needs}:
 * the command exists only for devices with that settable attribute (a bridge's devices differ).
 * {@code defaults}: arguments a request may leave out, with their values (Shelly's {@code channel: 0}).
 */
public record CommandRule(String name, Template topic, Payload payload, Confirm confirm, Optional<String> needs,
                          ObjectNode defaults) {
    public CommandRule {
        defaults = defaults.deepCopy();
    }

    /** The values of the arguments a request leaves out ({@code channel: 0}); a copy. */
    @Override
    public ObjectNode defaults() {
        return defaults.deepCopy();
    }

    public sealed interface Payload {
        /** Plain text, e.g. Tasmota's {@code ON}, or an argument's value: {@code {args.brightness}} for its Dimmer. */
        record Text(Template text) implements Payload {
        }

        /** A JSON document, e.g. {@code {"state":"ON"}}. */
        record Json(JsonNode json) implements Payload {
        }

        /** The command's arguments as a JSON object, as they are (Zigbee2MQTT's {@code set}). */
        record Args() implements Payload {
        }

        /**
         * An RPC request ({@code {"id":..,"src":..,"method":..,"params":..}}, Shelly's JSON-RPC over MQTT): the
         * session gives it its id and the src its reply comes back to; in {@code params} a text
         * {@code $args.NAME} is that argument's JSON value. Its reply confirms it ({@link Confirm.Reply}).
         */
        record Rpc(String method, JsonNode params) implements Payload {
            public static final String ARG = "$args.";
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

        /** The device answers the request itself (an RPC reply with its id): its result, or its error. */
        record Reply() implements Confirm {
        }
    }
}
