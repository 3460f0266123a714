package dev.hearth.hub.adapters.profile;

import java.util.Set;

/**
 * Where a native value goes: the device's reported state or its telemetry, under which attribute
 * name, read how. {@code skip}: for {@link Name.Flatten}, the dotted paths left out.
 */
public record Target(Kind kind, Name name, ValueReading reading, Set<String> skip) {
    public Target {
        skip = Set.copyOf(skip);
    }

    public enum Kind { STATE, TELEMETRY }

    /** How the attribute is named. */
    public sealed interface Name {
        /** A name of its own, e.g. {@code power{n}}. */
        record Fixed(Template template) implements Name {
        }

        /** The native field's own name ({@code occupancy} stays {@code occupancy}). */
        record Same() implements Name {
        }

        /**
         * Every number inside the field's object, named by its path in lower case joined by
         * {@code _}: Tasmota's {@code {"ENERGY":{"Power":12}}} is {@code energy_power}.
         */
        record Flatten() implements Name {
        }
    }
}
