package dev.hearth.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The scalar values an attribute may have to match ({@code to:}, {@code from:}, {@code is:}).
 * Numbers compare by value ({@code 1} matches {@code 1.0}); strings and booleans by equality.
 */
public record ValueMatch(List<JsonNode> anyOf) {
    public ValueMatch {
        anyOf = List.copyOf(anyOf);
        if (anyOf.isEmpty()) {
            throw new IllegalArgumentException("a value match needs at least one value");
        }
        for (JsonNode value : anyOf) {
            if (!value.isValueNode() || value.isNull()) {
                throw new IllegalArgumentException("only scalar values can be matched, got " + value);
            }
        }
    }

    public static ValueMatch of(JsonNode... values) {
        return new ValueMatch(List.of(values));
    }

    public boolean matches(JsonNode actual) {
        return anyOf.stream().anyMatch(expected -> sameValue(expected, actual));
    }

    /** An unknown value matches nothing. */
    public boolean matches(Optional<JsonNode> actual) {
        return actual.isPresent() && matches(actual.get());
    }

    private static boolean sameValue(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }

    @Override
    public String toString() {
        if (anyOf.size() == 1) {
            return anyOf.get(0).asText();
        }
        return anyOf.stream().map(JsonNode::asText).collect(Collectors.joining(", ", "[", "]"));
    }
}
