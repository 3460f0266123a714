package dev.hearth.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The payload of {@code devices/{id}/meta} (retained): what the device is. {@code type} is a
 * free-form device type such as {@code coffee-machine}; {@code attributes} maps each state
 * attribute to its type and unit; {@code commands} lists the command names it answers.
 * Unknown fields are ignored so a newer device can talk to an older hub.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceMeta(String type, Map<String, AttributeMeta> attributes, List<String> commands) {
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
        commands = commands == null ? List.of() : List.copyOf(commands);
        commands.forEach(Topics::requireCommandName);
    }

    public static Builder builder(String type) {
        return new Builder(type);
    }

    /** Parses a meta payload; the message says what is wrong. */
    public static DeviceMeta parse(byte[] payload) throws WireJson.InvalidPayloadException {
        WireJson.parseObject(payload); // the same "expected a JSON object" messages as elsewhere
        try {
            return WireJson.mapper().readValue(payload, DeviceMeta.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new WireJson.InvalidPayloadException("invalid device meta: " + cause.getMessage().lines().findFirst().orElse(""));
        }
    }

    public byte[] toBytes() {
        return WireJson.toBytes(this);
    }

    public static final class Builder {
        private final String type;
        private final Map<String, AttributeMeta> attributes = new LinkedHashMap<>();
        private final List<String> commands = new java.util.ArrayList<>();

        private Builder(String type) {
            this.type = type;
        }

        public Builder attribute(String name, AttributeType type) {
            attributes.put(name, AttributeMeta.of(type));
            return this;
        }

        public Builder attribute(String name, AttributeType type, String unit) {
            attributes.put(name, AttributeMeta.of(type, unit));
            return this;
        }

        public Builder command(String name) {
            commands.add(Topics.requireCommandName(name));
            return this;
        }

        public DeviceMeta build() {
            return new DeviceMeta(type, attributes, commands);
        }
    }
}
