package dev.hearth.hub.adapters.profile;

import java.util.Optional;

/**
 * What a JSON message's top-level field becomes: {@code POWER{n}} (POWER, POWER1 ... POWER999),
 * a literal name, or {@code *} (every field no earlier rule took). No target: the field is left out.
 */
public record FieldRule(String pattern, Optional<Target> target) {
    private static final String NUMBER = "{n}";

    /** The number {@code {n}} stood for ("" for none), when the field matches. */
    public Optional<String> match(String field) {
        if (pattern.equals("*")) {
            return Optional.of("");
        }
        if (!pattern.endsWith(NUMBER)) {
            return pattern.equals(field) ? Optional.of("") : Optional.empty();
        }
        String prefix = pattern.substring(0, pattern.length() - NUMBER.length());
        if (!field.startsWith(prefix) || field.length() - prefix.length() > 3) {
            return Optional.empty();
        }
        String number = field.substring(prefix.length());
        return number.chars().allMatch(Character::isDigit) ? Optional.of(number) : Optional.empty();
    }
}
