package dev.hearth.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.Optional;

/**
 * One attribute a device reports in its state: its JSON type and, for measurements, its unit
 * (e.g. {@code "°C"}, {@code "ml"}). {@code unit} is null on the wire when there is none;
 * read it through {@link #unitIfAny()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttributeMeta(AttributeType type, String unit) {
    public AttributeMeta {
        Objects.requireNonNull(type, "an attribute has a type");
        if (unit != null && unit.isBlank()) {
            unit = null;
        }
    }

    public static AttributeMeta of(AttributeType type) {
        return new AttributeMeta(type, null);
    }

    public static AttributeMeta of(AttributeType type, String unit) {
        return new AttributeMeta(type, unit);
    }

    public Optional<String> unitIfAny() {
        return Optional.ofNullable(unit);
    }
}
