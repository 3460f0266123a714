package dev.hearth.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.cluster.ClusterEvent.AvailabilityChanged;
import dev.hearth.cluster.ClusterEvent.CommandCompleted;
import dev.hearth.cluster.ClusterEvent.MetaDescribed;
import dev.hearth.cluster.ClusterEvent.StateChanged;
import dev.hearth.cluster.ClusterEvent.TelemetryReceived;
import dev.hearth.rules.Causation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one reader and writer of the cluster's records: a JSON object with {@code "v": 1} and, for events, a
 * {@code "type"}. A record that does not read says which field is wrong ({@link ClusterFormatException}); readers
 * skip it and count it rather than stop.
 */
public final class ClusterJson {
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ClusterJson() {
    }

    public static byte[] write(ClusterEvent event) {
        ObjectNode json = header(event.site(), event.hub(), event.deviceId(), event.at());
        event.accept(new ClusterEvent.Visitor<ObjectNode>() {
            @Override
            public ObjectNode state(StateChanged changed) {
                json.put("type", "state");
                json.put("attribute", changed.attribute());
                changed.previous().ifPresent(previous -> json.set("previous", previous));
                json.set("current", changed.current());
                return json.set("causation", causation(changed.causation()));
            }

            @Override
            public ObjectNode availability(AvailabilityChanged availability) {
                return json.put("type", "availability").put("online", availability.online());
            }

            @Override
            public ObjectNode telemetry(TelemetryReceived telemetry) {
                return json.put("type", "telemetry").set("measurements", telemetry.measurements());
            }

            @Override
            public ObjectNode meta(MetaDescribed described) {
                return json.put("type", "meta").set("meta", described.meta());
            }

            @Override
            public ObjectNode commandCompleted(CommandCompleted completed) {
                json.put("type", "command_completed").put("command_id", completed.commandId()).put("ok", completed.ok());
                completed.result().ifPresent(result -> json.set("result", result));
                completed.error().ifPresent(error -> json.put("error", error));
                return json;
            }
        });
        return bytes(json);
    }

    public static byte[] write(ClusterCommand command) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("v", VERSION);
        json.put("command_id", command.commandId());
        json.put("site", command.site());
        json.put("device", command.deviceId());
        json.put("command", command.command());
        json.set("args", command.args());
        json.put("timeout_ms", command.timeout().toMillis());
        json.put("rule", command.ruleId());
        json.set("causation", causation(command.causation()));
        json.put("issued_at", command.issuedAt().toString());
        return bytes(json);
    }

    public static ClusterEvent readEvent(byte[] bytes) {
        Fields json = Fields.of(bytes);
        String site = json.text("site");
        String hub = json.text("hub");
        String device = json.text("device");
        Instant at = json.instant("at");
        String type = json.text("type");
        try {
            return switch (type) {
                case "state" -> new StateChanged(site, hub, device, at, json.text("attribute"),
                        json.optional("previous"), json.node("current"), json.causation());
                case "availability" -> new AvailabilityChanged(site, hub, device, at, json.bool("online"));
                case "telemetry" -> new TelemetryReceived(site, hub, device, at, json.object("measurements"));
                case "meta" -> new MetaDescribed(site, hub, device, at, json.object("meta"));
                case "command_completed" -> new CommandCompleted(site, hub, device, at, json.text("command_id"),
                        json.bool("ok"), json.optional("result"), json.optional("error").map(JsonNode::asText));
                default -> throw new ClusterFormatException("type", "unknown event type '" + type + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new ClusterFormatException("site", e.getMessage());
        }
    }

    public static ClusterCommand readCommand(byte[] bytes) {
        Fields json = Fields.of(bytes);
        try {
            return new ClusterCommand(json.text("command_id"), json.text("site"), json.text("device"),
                    json.text("command"), json.object("args"), Duration.ofMillis(json.number("timeout_ms")),
                    json.text("rule"), json.causation(), json.instant("issued_at"));
        } catch (IllegalArgumentException e) {
            throw new ClusterFormatException("site", e.getMessage());
        }
    }

    private static ObjectNode header(String site, String hub, String deviceId, Instant at) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("v", VERSION);
        json.put("site", site);
        json.put("hub", hub);
        json.put("device", deviceId);
        json.put("at", at.toString());
        return json;
    }

    private static ObjectNode causation(Causation causation) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("id", causation.id());
        json.put("depth", causation.depth());
        return json;
    }

    private static byte[] bytes(ObjectNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }

    /** A record's fields, each read or refused by name. */
    private record Fields(ObjectNode json) {
        static Fields of(byte[] bytes) {
            JsonNode tree;
            try {
                tree = MAPPER.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw new ClusterFormatException("", "not JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!(tree instanceof ObjectNode object)) {
                throw new ClusterFormatException("", "not a JSON object: "
                        + new String(bytes, 0, Math.min(bytes.length, 80), StandardCharsets.UTF_8));
            }
            Fields fields = new Fields(object);
            if (fields.number("v") != VERSION) {
                throw new ClusterFormatException("v", "version " + object.get("v") + ", this reader knows " + VERSION);
            }
            return fields;
        }

        JsonNode node(String name) {
            JsonNode value = json.get(name);
            if (value == null || value.isNull()) {
                throw new ClusterFormatException(name, "missing");
            }
            return value;
        }

        Optional<JsonNode> optional(String name) {
            return Optional.ofNullable(json.get(name)).filter(value -> !value.isNull());
        }

        String text(String name) {
            JsonNode value = node(name);
            if (!value.isTextual()) {
                throw new ClusterFormatException(name, "not a string: " + value);
            }
            return value.asText();
        }

        long number(String name) {
            JsonNode value = node(name);
            if (!value.canConvertToLong() || !value.isIntegralNumber()) {
                throw new ClusterFormatException(name, "not an integer: " + value);
            }
            return value.asLong();
        }

        boolean bool(String name) {
            JsonNode value = node(name);
            if (!value.isBoolean()) {
                throw new ClusterFormatException(name, "not true or false: " + value);
            }
            return value.asBoolean();
        }

        ObjectNode object(String name) {
            if (!(node(name) instanceof ObjectNode object)) {
                throw new ClusterFormatException(name, "not a JSON object: " + node(name));
            }
            return object;
        }

        Instant instant(String name) {
            try {
                return Instant.parse(text(name));
            } catch (DateTimeParseException e) {
                throw new ClusterFormatException(name, "not an ISO-8601 instant: " + node(name));
            }
        }

        Causation causation() {
            Fields causation = new Fields(object("causation"));
            try {
                return new Causation(causation.text("id"), (int) causation.number("depth"));
            } catch (ClusterFormatException e) {
                throw new ClusterFormatException("causation." + e.field(), e.problem());
            } catch (IllegalArgumentException e) {
                throw new ClusterFormatException("causation.depth", e.getMessage());
            }
        }
    }
}
