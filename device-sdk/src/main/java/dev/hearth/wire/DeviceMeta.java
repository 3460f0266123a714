package dev.hearth.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The payload of {@code devices/{id}/meta} (retained): what the device is. {@code type} is a
 * free-form device type such as {@code coffee-machine}; {@code attributes} maps each state
 * attribute to its type, unit and whether the hub may set it; {@code commands} lists the
 * commands it answers, each with its arguments:
 *
 * <pre>{"type":"coffee-machine",
 *  "attributes":{"status":{"type":"string"},"strength":{"type":"integer","settable":true}},
 *  "commands":[{"name":"brew","args":{"cups":{"type":"integer"}}},{"name":"descale"}]}</pre>
 *
 * Readers also accept the older form where {@code commands} is a list of names
 * ({@code ["brew"]}), and ignore unknown fields, so devices and hubs of different ages get along.
 *
 * <p>{@link #commands()} gives the command names, as it did before commands had arguments;
 * {@link #commandDetails()} and {@link #command(String)} give the arguments too.
 */
public record DeviceMeta(String type, Map<String, AttributeMeta> attributes,
                         @JsonProperty("commands") List<CommandMeta> commandDetails) {
    public DeviceMeta {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a device meta names the device type");
        }
        Map<String, AttributeMeta> copy = new LinkedHashMap<>();
        (attributes == null ? Map.<String, AttributeMeta>of() : attributes).forEach((name, meta) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an attribute needs a name");
            }
            copy.put(name, Objects.requireNonNull(meta, () -> "attribute '" + name + "' needs a type"));
        });
        attributes = Collections.unmodifiableMap(copy); // keeps declaration order, unlike Map.copyOf
        commandDetails = commandDetails == null ? List.of() : List.copyOf(commandDetails);
        Set<String> names = new HashSet<>();
        for (CommandMeta command : commandDetails) {
            if (!names.add(command.name())) {
                throw new IllegalArgumentException("command '" + command.name() + "' is declared twice");
            }
        }
    }

    public static Builder builder(String type) {
        return new Builder(type);
    }

    /** The names of the commands, in declaration order. */
    public List<String> commands() {
        return commandDetails.stream().map(CommandMeta::name).toList();
    }

    /** The named command with its arguments, if the device declares it. */
    public Optional<CommandMeta> command(String name) {
        return commandDetails.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The named attribute, if the device declares it. */
    public Optional<AttributeMeta> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** Parses a meta payload; the message names the field at fault and says what is wrong. */
    public static DeviceMeta parse(byte[] payload) throws WireJson.InvalidPayloadException {
        return read(WireJson.parseObject(payload)); // the same "expected a JSON object" messages as elsewhere
    }

    /** Reads a meta already parsed as JSON; the message names the field at fault. */
    public static DeviceMeta read(JsonNode root) throws WireJson.InvalidPayloadException {
        try {
            return MetaReader.device(root);
        } catch (WireJson.InvalidPayloadException e) {
            throw new WireJson.InvalidPayloadException(e.fault(), "invalid device meta: " + e.getMessage());
        }
    }

    /** For Jackson ({@code WireJson.mapper().readValue(…, DeviceMeta.class)}): the same reading as {@link #parse}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static DeviceMeta fromJson(JsonNode node) {
        return MetaReader.unchecked(() -> MetaReader.device(node));
    }

    public byte[] toBytes() {
        return WireJson.toBytes(this);
    }

    public static final class Builder {
        private final String type;
        private final Map<String, AttributeMeta> attributes = new LinkedHashMap<>();
        private final List<CommandMeta> commands = new ArrayList<>();

        private Builder(String type) {
            this.type = type;
        }

        /** A read-only attribute. */
        public Builder attribute(String name, AttributeType type) {
            return attribute(name, AttributeMeta.of(type));
        }

        /** A read-only attribute with a unit. */
        public Builder attribute(String name, AttributeType type, String unit) {
            return attribute(name, AttributeMeta.of(type, unit));
        }

        /** An attribute the hub may set (desired state or a command). */
        public Builder settableAttribute(String name, AttributeType type) {
            return attribute(name, AttributeMeta.settable(type));
        }

        public Builder settableAttribute(String name, AttributeType type, String unit) {
            return attribute(name, AttributeMeta.settable(type, unit));
        }

        public Builder attribute(String name, AttributeMeta meta) {
            attributes.put(name, Objects.requireNonNull(meta, "meta"));
            return this;
        }

        /** A command without arguments. */
        public Builder command(String name) {
            return command(CommandMeta.of(name));
        }

        /**
         * A command with arguments, e.g. {@code command("brew", Map.of("cups", AttributeMeta.of(AttributeType.INTEGER)))};
         * with several, a {@link LinkedHashMap} keeps their order on the wire.
         */
        public Builder command(String name, Map<String, AttributeMeta> args) {
            return command(CommandMeta.of(name, args));
        }

        /** Declaring a command name twice fails at {@link #build()}. */
        public Builder command(CommandMeta command) {
            commands.add(Objects.requireNonNull(command, "command"));
            return this;
        }

        public DeviceMeta build() {
            return new DeviceMeta(type, attributes, commands);
        }
    }
}
