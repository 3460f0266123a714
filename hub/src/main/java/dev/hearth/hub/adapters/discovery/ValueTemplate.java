package dev.hearth.hub.adapters.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.wire.WireJson;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few Jinja forms of Home Assistant's {@code value_template} that devices actually send, evaluated here
 * rather than run through a template engine: {@code {{ value }}}, {@code {{ value_json.x.y }}},
 * {@code {{ value_json['x'] }}} (or {@code ["x"]}, {@code [0]}), each optionally followed by the filters
 * {@code | float}, {@code | int} (and {@code float(0)}: a value that is no number is 0), {@code | round(n)} and
 * {@code | is_defined}, and {@code | tojson} (a {@code json_attributes_template}'s: the value stays the JSON it is).
 * Anything else is refused when the
 * config is read, with the reason, so that a device is never read with a template half understood.
 */
public record ValueTemplate(String source, boolean json, List<Object> path, List<Filter> filters) {
    private static final Pattern WHOLE = Pattern.compile("\\s*\\{\\{\\s*(.*?)\\s*}}\\s*", Pattern.DOTALL);
    private static final Pattern ROOT = Pattern.compile("(value_json|value)(.*)", Pattern.DOTALL);
    private static final Pattern STEP = Pattern.compile(
            "\\.([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*'([^']*)'\\s*]|\\[\\s*\"([^\"]*)\"\\s*]|\\[\\s*(\\d+)\\s*]");
    private static final Pattern ROUND = Pattern.compile("round(?:\\(\\s*(\\d*)\\s*\\))?");
    /** {@code float}, {@code int}, and with the value Jinja gives what is not a number: {@code float(0)}. */
    private static final Pattern NUMBER = Pattern.compile("(float|int)(?:\\(\\s*(-?\\d+(?:\\.\\d+)?)?\\s*\\))?");

    /** The plain payload, as a config without a template is read. */
    public static final ValueTemplate VALUE = new ValueTemplate("{{ value }}", false, List.of(), List.of());
    /** The payload as JSON, as a {@code json_attributes_topic} without a template is read. */
    public static final ValueTemplate JSON = new ValueTemplate("{{ value_json }}", true, List.of(), List.of());

    public ValueTemplate {
        path = List.copyOf(path);
        filters = List.copyOf(filters);
    }

    /** A filter after the value, in order. */
    public sealed interface Filter {
        /** {@code fallback}: what a value that is no number becomes ({@code float(0)}); without one it is refused. */
        record ToFloat(Optional<BigDecimal> fallback) implements Filter {
        }

        record ToInt(Optional<BigDecimal> fallback) implements Filter {
        }

        record Round(int digits) implements Filter {
        }

        /** The value must be there: a payload without it is refused rather than read as empty. */
        record IsDefined() implements Filter {
        }

        /** Jinja writes the value as JSON text, which Home Assistant parses back: the JSON value itself. */
        record ToJson() implements Filter {
        }
    }

    /** A template this reader does not understand; the message says what it does understand. */
    public static final class NotUnderstood extends Exception {
        NotUnderstood(String template, String why) {
            super("value template '" + template + "' is not understood (" + why + "); Hearth reads {{ value }},"
                    + " {{ value_json.x }}, {{ value_json['x'] }} with | float, | int, | round(n), | is_defined, | tojson");
        }
    }

    /** A payload the template cannot read (not JSON, the field is not there, not a number). */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    public static ValueTemplate parse(String template) throws NotUnderstood {
        Matcher whole = WHOLE.matcher(template);
        if (!whole.matches()) {
            throw new NotUnderstood(template, "one {{ ... }} expression and nothing around it");
        }
        String[] parts = whole.group(1).split("\\|", -1);
        Matcher root = ROOT.matcher(parts[0].strip());
        if (!root.matches()) {
            throw new NotUnderstood(template, "it starts with neither value nor value_json");
        }
        boolean json = root.group(1).equals("value_json");
        List<Object> path = new ArrayList<>();
        String rest = root.group(2);
        Matcher step = STEP.matcher(rest);
        int at = 0;
        while (at < rest.length()) {
            if (!step.find(at) || step.start() != at) {
                throw new NotUnderstood(template, "'" + rest.substring(at) + "' is no .name, ['name'] or [n]");
            }
            if (step.group(4) != null) {
                path.add(Integer.parseInt(step.group(4)));
            } else {
                path.add(step.group(1) != null ? step.group(1) : step.group(2) != null ? step.group(2) : step.group(3));
            }
            at = step.end();
        }
        if (!json && !path.isEmpty()) {
            throw new NotUnderstood(template, "value is the payload's text: use value_json for its fields");
        }
        List<Filter> filters = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            filters.add(filter(template, parts[i].strip()));
        }
        return new ValueTemplate(template, json, path, filters);
    }

    private static Filter filter(String template, String text) throws NotUnderstood {
        Matcher round = ROUND.matcher(text);
        if (round.matches()) {
            return new Filter.Round(round.group(1) == null || round.group(1).isEmpty() ? 0 : Integer.parseInt(round.group(1)));
        }
        Matcher number = NUMBER.matcher(text);
        if (number.matches()) {
            Optional<BigDecimal> fallback = Optional.ofNullable(number.group(2)).map(BigDecimal::new);
            return number.group(1).equals("float") ? new Filter.ToFloat(fallback) : new Filter.ToInt(fallback);
        }
        if (text.equals("is_defined")) {
            return new Filter.IsDefined();
        }
        if (text.equals("tojson")) {
            return new Filter.ToJson();
        }
        throw new NotUnderstood(template, "filter '" + text + "'");
    }

    /** The payload read: a JSON value (text, number, boolean); empty when the field is not there and may be missing. */
    public Optional<JsonNode> read(byte[] payload) throws Unreadable {
        String text = new String(payload, StandardCharsets.UTF_8);
        JsonNode value;
        if (json) {
            try {
                value = WireJson.mapper().readTree(payload);
            } catch (java.io.IOException e) {
                throw new Unreadable("the payload is not JSON, and " + source + " reads it as JSON");
            }
            for (Object step : path) {
                value = value == null ? null : step instanceof Integer index ? value.get(index) : value.get((String) step);
            }
            if (value == null || value.isMissingNode()) {
                if (filters.stream().anyMatch(filter -> filter instanceof Filter.IsDefined)) {
                    throw new Unreadable(source + ": the payload has no such field");
                }
                return Optional.empty();
            }
        } else {
            value = JsonNodeFactory.instance.textNode(text);
        }
        for (Filter filter : filters) {
            value = apply(filter, value);
        }
        return Optional.of(value);
    }

    private JsonNode apply(Filter filter, JsonNode value) throws Unreadable {
        if (filter instanceof Filter.ToFloat toFloat) {
            return JsonNodeFactory.instance.numberNode(number(value, toFloat.fallback()).doubleValue());
        }
        if (filter instanceof Filter.ToInt toInt) {
            return JsonNodeFactory.instance.numberNode(number(value, toInt.fallback()).setScale(0, RoundingMode.DOWN).longValue());
        }
        if (filter instanceof Filter.Round round) {
            // Jinja's round gives a float, 21.0 for round(0); half to even as Python does
            return JsonNodeFactory.instance.numberNode(number(value, Optional.empty()).setScale(round.digits(), RoundingMode.HALF_EVEN).doubleValue());
        }
        return value; // is_defined: checked where the field is looked up; tojson: the value as it is
    }

    private BigDecimal number(JsonNode value, Optional<BigDecimal> fallback) throws Unreadable {
        try {
            if (value.isNumber()) {
                return value.decimalValue();
            }
            if (value.isTextual()) {
                return new BigDecimal(value.textValue().strip());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // fall through to the fallback, or the refusal
        }
        if (fallback.isPresent()) {
            return fallback.get();
        }
        throw new Unreadable(source + ": " + value + " is not a number");
    }
}
