package dev.hearth.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One attribute a device reports in its state, or one argument of a command: its JSON type and,
 * for measurements, its unit (e.g. {@code "°C"}, {@code "ml"}). {@code unit} is absent on the
 * wire when there is none; read it through {@link #unitIfAny()}. {@code settable} says the hub
 * may change the attribute (through the desired state or a command), not only read it; it is
 * absent on the wire when false (read-only), and means nothing for a command argument.
 *
 * <pre>{"type":"number","unit":"°C","settable":true}</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttributeMeta(AttributeType type, String unit,
                            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean settable) {
    public AttributeMeta {
        Objects.requireNonNull(type, "an attribute has a type");
        if (unit != null && unit.isBlank()) {
            unit = null;
        }
    }

    /** A read-only attribute. */
    public AttributeMeta(AttributeType type, String unit) {
        this(type, unit, false);
    }

    /** Read-only, no unit. */
    public static AttributeMeta of(AttributeType type) {
        return new AttributeMeta(type, null, false);
    }

    /** Read-only. */
    public static AttributeMeta of(AttributeType type, String unit) {
        return new AttributeMeta(type, unit, false);
    }

    /** Settable, no unit. */
    public static AttributeMeta settable(AttributeType type) {
        return new AttributeMeta(type, null, true);
    }

    public static AttributeMeta settable(AttributeType type, String unit) {
        return new AttributeMeta(type, unit, true);
    }

    public Optional<String> unitIfAny() {
        return Optional.ofNullable(unit);
    }

    /** For Jackson: the same reading, and messages, as {@link DeviceMeta#parse}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static AttributeMeta fromJson(JsonNode node) {
        return MetaReader.unchecked(() -> MetaReader.attribute(node, "attribute"));
    }
}
