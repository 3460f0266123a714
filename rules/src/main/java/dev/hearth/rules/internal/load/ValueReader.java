package dev.hearth.rules.internal.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.AttributeRef;
import dev.hearth.rules.ValueMatch;
import dev.hearth.rules.yaml.Durations;
import dev.hearth.rules.yaml.Problems;
import dev.hearth.rules.yaml.YamlNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed readings of YAML values. Each method returns the value, or empty after reporting what is
 * wrong (naming {@code key} and {@code where}) and what was expected.
 */
final class ValueReader {
    /** The same rule as the device SDK's {@code DeviceIds}; repeated here as rules depends on nothing of ours. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,63}");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
    private static final String DURATION_EXAMPLES = "e.g. " + Durations.EXAMPLES;
    private static final Map<String, DayOfWeek> WEEKDAYS = weekdayNames();

    private final Problems problems;

    ValueReader(Problems problems) {
        this.problems = problems;
    }

    Optional<String> text(YamlNode node, String key, String where) {
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull() && !scalar.text().isBlank()) {
            return Optional.of(scalar.text());
        }
        return wrongType(node, key, where, "text");
    }

    Optional<Duration> duration(YamlNode node, String key, String where) {
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
            return wrongType(node, key, where, "a duration, " + DURATION_EXAMPLES);
        }
        Optional<Duration> duration = Durations.parse(scalar.text().trim());
        if (duration.isEmpty()) {
            problems.add(node.position(), "invalid duration '" + scalar.text() + "' for '" + key + "' in " + where
                    + "; expected " + DURATION_EXAMPLES);
        } else if (duration.get().isZero()) {
            problems.add(node.position(), "duration '" + scalar.text() + "' for '" + key + "' in " + where
                    + " is zero; expected a positive duration, " + DURATION_EXAMPLES);
            return Optional.empty();
        }
        return duration;
    }

    /** A duration that may be negative ({@code -30m}) or zero, as a sun trigger's offset. */
    Optional<Duration> signedDuration(YamlNode node, String key, String where) {
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
            return wrongType(node, key, where, "a duration, optionally signed, e.g. -30m, 15m, 1h");
        }
        String text = scalar.text().trim();
        boolean negative = text.startsWith("-");
        String unsigned = negative || text.startsWith("+") ? text.substring(1) : text;
        Optional<Duration> duration = unsigned.equals("0") ? Optional.of(Duration.ZERO) : Durations.parse(unsigned);
        if (duration.isEmpty()) {
            problems.add(node.position(), "invalid duration '" + scalar.text() + "' for '" + key + "' in " + where
                    + "; expected a duration, optionally signed, e.g. -30m, 15m, 1h");
        }
        return duration.map(value -> negative ? value.negated() : value);
    }

    Optional<Integer> positiveInt(YamlNode node, String key, String where, int max) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value().isIntegralNumber() && scalar.value().canConvertToInt()
                && scalar.value().intValue() >= 1 && scalar.value().intValue() <= max) {
            return Optional.of(scalar.value().intValue());
        }
        if (node instanceof YamlNode.Scalar scalar && scalar.value().isIntegralNumber()) {
            problems.add(node.position(), "'" + key + "' in " + where + " is " + scalar.text() + "; expected a whole number from 1 to " + max);
            return Optional.empty();
        }
        return wrongType(node, key, where, "a whole number from 1 to " + max);
    }

    Optional<Boolean> bool(YamlNode node, String key, String where) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value().isBoolean()) {
            return Optional.of(scalar.value().booleanValue());
        }
        return wrongType(node, key, where, "true or false");
    }

    Optional<java.math.BigDecimal> number(YamlNode node, String key, String where) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value().isNumber()) {
            try {
                return Optional.of(scalar.value().decimalValue());
            } catch (NumberFormatException e) {
                problems.add(node.position(), "'" + key + "' in " + where + " is not a finite number; expected e.g. 21.5");
                return Optional.empty();
            }
        }
        return wrongType(node, key, where, "a number, e.g. 21.5");
    }

    Optional<java.net.URI> httpUrl(YamlNode node, String key, String where) {
        Optional<String> text = text(node, key, where);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            java.net.URI uri = new java.net.URI(text.get().trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        problems.add(node.position(), "invalid url '" + text.get() + "' for '" + key + "' in " + where
                + "; expected an http(s) URL, e.g. https://example.org/hook");
        return Optional.empty();
    }

    /** A device id on its own, e.g. {@code bed-1}. */
    Optional<String> deviceId(YamlNode node, String key, String where) {
        Optional<String> text = text(node, key, where);
        if (text.isPresent() && !ID.matcher(text.get()).matches()) {
            problems.add(node.position(), "invalid device id '" + text.get() + "' for '" + key + "' in " + where
                    + "; expected 1-64 letters, digits, '_', '-' or '.', e.g. bed-1");
            return Optional.empty();
        }
        return text;
    }

    Optional<LocalTime> timeOfDay(YamlNode node, String key, String where) {
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
            return wrongType(node, key, where, "a time of day such as \"05:30\"");
        }
        Matcher matcher = TIME.matcher(scalar.text().trim());
        if (matcher.matches()) {
            try {
                int seconds = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
                return Optional.of(LocalTime.of(Integer.parseInt(matcher.group(1)),
                        Integer.parseInt(matcher.group(2)), seconds));
            } catch (DateTimeException outOfRange) {
                // reported below, like any other bad time
            }
        }
        problems.add(node.position(), "invalid time '" + scalar.text() + "' for '" + key + "' in " + where
                + "; expected HH:MM or HH:MM:SS between 00:00 and 23:59:59, e.g. \"05:30\"");
        return Optional.empty();
    }

    /** {@code device.name}: the name follows the last dot, since device ids may contain dots. */
    Optional<AttributeRef> reference(YamlNode node, String key, String where, String nameKind, String example) {
        String expected = "device." + nameKind + ", e.g. " + example;
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
            return wrongType(node, key, where, expected);
        }
        String text = scalar.text();
        int dot = text.lastIndexOf('.');
        if (dot > 0 && ID.matcher(text.substring(0, dot)).matches() && NAME.matcher(text.substring(dot + 1)).matches()) {
            return Optional.of(new AttributeRef(text.substring(0, dot), text.substring(dot + 1)));
        }
        String why = dot < 0 ? "no '." + nameKind + "' part" : "not a valid device id and " + nameKind + " name";
        problems.add(node.position(), "invalid reference '" + text + "' for '" + key + "' in " + where + " (" + why
                + "); expected " + expected);
        return Optional.empty();
    }

    /** One scalar, or a non-empty list of scalars. */
    Optional<ValueMatch> valueMatch(YamlNode node, String key, String where) {
        String expected = "a value such as awake, 21.5 or true, or a list of them";
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            return Optional.of(ValueMatch.of(scalar.value()));
        }
        if (node instanceof YamlNode.Seq seq && !seq.items().isEmpty()) {
            List<JsonNode> values = new ArrayList<>();
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
                    values.add(scalar.value());
                } else {
                    wrongType(item, key, where, expected);
                }
            }
            return values.size() == seq.items().size() ? Optional.of(new ValueMatch(values)) : Optional.empty();
        }
        return wrongType(node, key, where, expected);
    }

    Optional<Set<DayOfWeek>> weekdays(YamlNode node, String key, String where) {
        String names = "mon, tue, wed, thu, fri, sat, sun";
        if (!(node instanceof YamlNode.Seq seq) || seq.items().isEmpty()) {
            return wrongType(node, key, where, "a list of weekdays, e.g. [mon, tue]; one of: " + names);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        boolean valid = true;
        for (YamlNode item : seq.items()) {
            DayOfWeek day = item instanceof YamlNode.Scalar scalar
                    ? WEEKDAYS.get(scalar.text().trim().toLowerCase(Locale.ROOT)) : null;
            if (day == null) {
                String shown = item instanceof YamlNode.Scalar scalar ? "'" + scalar.text() + "'" : item.kindName();
                problems.add(item.position(), "unknown weekday " + shown + " for '" + key + "' in " + where
                        + "; expected one of: " + names);
                valid = false;
            } else {
                days.add(day);
            }
        }
        return valid ? Optional.of(days) : Optional.empty();
    }

    Optional<ObjectNode> jsonObject(YamlNode node, String key, String where) {
        return jsonObject(node, key, where, "a map of arguments, e.g. { cups: 1 }");
    }

    Optional<ObjectNode> jsonObject(YamlNode node, String key, String where, String expected) {
        if (node instanceof YamlNode.Map map) {
            return Optional.of(map.toJson());
        }
        return wrongType(node, key, where, expected);
    }

    <T> Optional<T> wrongType(YamlNode node, String key, String where, String expected) {
        problems.add(node.position(), "'" + key + "' in " + where + " must be " + expected + "; got " + node.kindName());
        return Optional.empty();
    }

    private static Map<String, DayOfWeek> weekdayNames() {
        Map<String, DayOfWeek> names = new HashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.name().toLowerCase(Locale.ROOT);
            names.put(full, day);
            names.put(full.substring(0, 3), day);
        }
        return Map.copyOf(names);
    }
}
