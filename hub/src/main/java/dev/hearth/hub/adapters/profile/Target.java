package dev.hearth.hub.adapters.profile;

import java.util.Set;

/**
 * Where a native value goes: the device's reported state, its telemetry, or an event (a button's press), under
 * which attribute name, read how. {@code skip}: for {@link Name.Flatten}, the dotted paths left out.
 */
public record Target(Kind kind, Name name, ValueReading reading, Set<String> skip) {
    public Target {
        skip = Set.copyOf(skip);
    }

    /**
     * EVENT: something that happened rather than a value that holds (Tasmota's {@code {"Button1":{"Action":"SINGLE"}}}):
     * a word, lower case, that the state shows for an instant, between two {@link #RESTING}s, so that each press is a
     * change a {@code to:} trigger fires on, the same press twice in a row too.
     */
    public enum Kind { STATE, TELEMETRY, EVENT }

    /** What an event's attribute says between events. */
    public static final String RESTING = "idle";

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
