package dev.hearth.rules.internal.load;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.hearth.rules.AttributeRef;
import dev.hearth.rules.RuleSource;
import dev.hearth.rules.Trigger;
import dev.hearth.rules.ValueMatch;
import dev.hearth.rules.yaml.YamlNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** One trigger map of {@code when:} (or of {@code wait_for:}) into a typed {@link Trigger}. */
final class TriggerParser {
    static final List<String> KINDS = List.of("state", "availability", "at", "cron", "sun", "telemetry", "started");
    private static final List<String> STATE_KEYS = List.of("state", "from", "to", "for", "from_unknown", "above", "below");
    private static final List<String> DEVICE_STATE_KEYS = List.of("state", "from_unknown");
    private static final List<String> AVAILABILITY_KEYS = List.of("availability", "to", "for");
    private static final String EXAMPLE = "{ state: bed-1.occupant, to: awake }";
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Pattern DEVICE_PATTERN = Pattern.compile("[A-Za-z0-9_.+-]{1,64}");

    private final Parsing parsing;

    TriggerParser(Parsing parsing) {
        this.parsing = parsing;
    }

    Optional<Trigger> parse(YamlNode node, String where) {
        return parsing.item(node, where, KINDS, EXAMPLE, (map, kind, source) -> switch (kind) {
            case "state" -> state(map, where, source);
            case "availability" -> availability(map, where, source);
            case "at" -> parsing.only(map, where, "at").flatMap(value -> parsing.values.timeOfDay(value, "at", where))
                    .map(time -> new Trigger.At(time, source));
            case "cron" -> parsing.only(map, where, "cron").flatMap(value -> cron(value, where))
                    .map(expression -> new Trigger.Cron(expression, source));
            case "sun" -> sun(map, where, source);
            case "telemetry" -> parsing.only(map, where, "telemetry").flatMap(value -> devicePattern(value, where))
                    .map(pattern -> new Trigger.Telemetry(pattern, source));
            default -> started(map, where, source);
        });
    }

    private Optional<Trigger> state(YamlNode.Map map, String where, RuleSource source) {
        YamlNode target = map.get("state").orElseThrow();
        if (target instanceof YamlNode.Scalar scalar && isWholeDevice(scalar.text())) {
            Optional<String> needsAttribute = STATE_KEYS.stream()
                    .filter(key -> !DEVICE_STATE_KEYS.contains(key) && map.entry(key).isPresent()).findFirst();
            if (needsAttribute.isPresent()) {
                parsing.problems.add(target.position(), "invalid reference '" + scalar.text() + "' for 'state' in " + where
                        + " (no '.attribute' part); expected device.attribute, e.g. bed-1.occupant, as '"
                        + needsAttribute.get() + "' needs an attribute ('state: " + scalar.text()
                        + "' alone watches the whole device)");
                return Optional.empty();
            }
            MapReader reader = new MapReader(map, where, DEVICE_STATE_KEYS, parsing.problems);
            String device = scalar.text().endsWith(".*") ? scalar.text().substring(0, scalar.text().length() - 2) : scalar.text();
            Optional<String> id = parsing.values.deviceId(new YamlNode.Scalar(scalar.position(), device, scalar.value()), "state", where);
            boolean fromUnknown = reader.optional("from_unknown").flatMap(value -> parsing.values.bool(value, "from_unknown", where)).orElse(false);
            return id.map(deviceId -> new Trigger.DeviceState(deviceId, fromUnknown, source));
        }
        MapReader reader = new MapReader(map, where, STATE_KEYS, parsing.problems);
        Optional<AttributeRef> attribute = parsing.values.reference(target, "state", where, "attribute", "bed-1.occupant");
        Optional<Duration> holdFor = reader.optional("for").flatMap(value -> parsing.values.duration(value, "for", where));
        boolean numeric = reader.has("above") || reader.has("below");
        if (numeric) {
            for (String key : List.of("from", "to", "from_unknown")) {
                map.entry(key).ifPresent(entry -> parsing.problems.add(entry.keyPosition(), "'" + key + "' in " + where
                        + " cannot go with 'above'/'below'; expected either a numeric range or from/to values"));
            }
            Optional<BigDecimal> above = reader.optional("above").flatMap(value -> parsing.values.number(value, "above", where));
            Optional<BigDecimal> below = reader.optional("below").flatMap(value -> parsing.values.number(value, "below", where));
            if (above.isPresent() && below.isPresent() && above.get().compareTo(below.get()) >= 0) {
                parsing.problems.add(map.position(), where + " has 'above' " + above.get() + " not less than 'below' "
                        + below.get() + "; expected above < below (a range values can enter)");
            }
            if (above.isEmpty() && below.isEmpty()) {
                return Optional.empty();
            }
            return attribute.map(ref -> new Trigger.Numeric(ref, above, below, holdFor, source));
        }
        Optional<ValueMatch> from = reader.optional("from").flatMap(value -> parsing.values.valueMatch(value, "from", where));
        Optional<ValueMatch> to = reader.optional("to").flatMap(value -> parsing.values.valueMatch(value, "to", where));
        boolean fromUnknown = reader.optional("from_unknown").flatMap(value -> parsing.values.bool(value, "from_unknown", where)).orElse(false);
        return attribute.map(ref -> new Trigger.State(ref, from, to, holdFor, fromUnknown, source));
    }

    /** {@code bed-1} or {@code kitchen.light-1.*}: a device without an attribute. */
    private static boolean isWholeDevice(String text) {
        return text.endsWith(".*") || !text.contains(".");
    }

    private Optional<Trigger> availability(YamlNode.Map map, String where, RuleSource source) {
        MapReader reader = new MapReader(map, where, AVAILABILITY_KEYS, parsing.problems);
        Optional<String> device = parsing.values.deviceId(map.get("availability").orElseThrow(), "availability", where);
        Optional<Boolean> toOnline = reader.optional("to").flatMap(value -> onlineOrOffline(value, where));
        Optional<Duration> holdFor = reader.optional("for").flatMap(value -> parsing.values.duration(value, "for", where));
        return device.map(id -> new Trigger.Availability(id, toOnline, holdFor, source));
    }

    private Optional<Boolean> onlineOrOffline(YamlNode node, String where) {
        Optional<String> text = parsing.values.text(node, "to", where);
        if (text.isPresent() && (text.get().equals("online") || text.get().equals("offline"))) {
            return Optional.of(text.get().equals("online"));
        }
        text.ifPresent(value -> parsing.problems.add(node.position(), "invalid availability '" + value + "' for 'to' in "
                + where + "; expected online or offline"));
        return Optional.empty();
    }

    private Optional<String> cron(YamlNode node, String where) {
        Optional<String> text = parsing.values.text(node, "cron", where);
        if (text.isEmpty()) {
            return text;
        }
        try {
            CRON.parse(text.get().trim()).validate();
            return Optional.of(text.get().trim());
        } catch (IllegalArgumentException e) {
            parsing.problems.add(node.position(), "invalid cron '" + text.get() + "' in " + where + ": " + e.getMessage()
                    + "; expected 5 fields: minute hour day-of-month month day-of-week, e.g. \"*/15 6-9 * * mon-fri\"");
            return Optional.empty();
        }
    }

    private Optional<Trigger> sun(YamlNode.Map map, String where, RuleSource source) {
        MapReader reader = new MapReader(map, where, List.of("sun", "offset"), parsing.problems);
        YamlNode node = map.get("sun").orElseThrow();
        Optional<String> text = parsing.values.text(node, "sun", where);
        Optional<Trigger.SunEvent> event = text.flatMap(value -> switch (value) {
            case "sunrise" -> Optional.of(Trigger.SunEvent.SUNRISE);
            case "sunset" -> Optional.of(Trigger.SunEvent.SUNSET);
            default -> Optional.empty();
        });
        if (text.isPresent() && event.isEmpty()) {
            parsing.problems.add(node.position(), "unknown sun event '" + text.get() + "' in " + where + "; expected sunrise or sunset");
        }
        Duration offset = reader.optional("offset").flatMap(value -> parsing.values.signedDuration(value, "offset", where))
                .orElse(Duration.ZERO);
        if (offset.abs().compareTo(Duration.ofHours(12)) > 0) {
            parsing.problems.add(map.get("offset").orElseThrow().position(), "offset in " + where
                    + " is more than 12h; expected an offset within a day, e.g. -30m");
        }
        return event.map(value -> new Trigger.Sun(value, offset, source));
    }

    private Optional<String> devicePattern(YamlNode node, String where) {
        Optional<String> text = parsing.values.text(node, "telemetry", where);
        if (text.isPresent() && !DEVICE_PATTERN.matcher(text.get()).matches()) {
            parsing.problems.add(node.position(), "invalid device pattern '" + text.get() + "' for 'telemetry' in " + where
                    + "; expected a device id, or one with '+' for any part, e.g. bed-1, bed-+, +");
            return Optional.empty();
        }
        return text;
    }

    private Optional<Trigger> started(YamlNode.Map map, String where, RuleSource source) {
        YamlNode value = parsing.only(map, where, "started").orElseThrow();
        boolean empty = value instanceof YamlNode.Map inner ? inner.entries().isEmpty()
                : value instanceof YamlNode.Scalar scalar && (scalar.isNull() || scalar.value().isBoolean() && scalar.value().booleanValue());
        if (!empty) {
            parsing.problems.add(value.position(), "'started' in " + where + " takes no settings; expected started: {}");
            return Optional.empty();
        }
        return Optional.of(new Trigger.Started(source));
    }
}
