package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.hub.adapters.profile.FieldRule;
import dev.hearth.hub.adapters.profile.Handling;
import dev.hearth.hub.adapters.profile.InvalidValue;
import dev.hearth.hub.adapters.profile.Target;
import dev.hearth.hub.adapters.profile.ValueReading;
import dev.hearth.wire.PayloadFault;
import dev.hearth.wire.WireJson;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one native message as its profile rule says: a JSON object field by field, a plain-text
 * value, or an availability word. Pure: the same message gives the same translation, whatever came
 * before (what changed is the state store's to tell).
 */
final class MessageReader {
    private MessageReader() {
    }

    /** {@code n}: what the topic's {@code {n}} matched ("" when none), for attribute names such as power{n}. */
    static Translation read(Handling handling, String topic, byte[] payload, String n) throws Refusal {
        if (handling instanceof Handling.Json json) {
            return object(json, topic, NativeJson.object(topic, payload), n);
        }
        if (handling instanceof Handling.Text text) {
            return text(text.target(), topic, payload, n);
        }
        if (handling instanceof Handling.Availability availability) {
            return Translation.availability(availability(availability, topic, payload));
        }
        return Translation.empty(); // Ignore; a device list is read by the session
    }

    /**
     * A JSON object read field by field; {@code n} is the topic's number (Shelly's {@code status/switch:1}), which a
     * field's own number ({@code POWER2}) overrides.
     */
    static Translation object(Handling.Json rules, String topic, ObjectNode payload, String n) throws Refusal {
        Translation out = Translation.empty();
        Iterator<Map.Entry<String, JsonNode>> fields = payload.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            for (FieldRule rule : rules.fields()) {
                Optional<String> number = rule.match(field.getKey());
                if (number.isPresent()) {
                    if (rule.target().isPresent()) {
                        put(out, rule.target().get(), field.getKey(), number.get().isEmpty() ? n : number.get(),
                                field.getValue(), payload, topic);
                    }
                    break;
                }
            }
        }
        return out;
    }

    private static void put(Translation out, Target target, String field, String n, JsonNode value, JsonNode payload,
                            String topic) throws Refusal {
        ObjectNode into = out.into(target.kind());
        if (target.name() instanceof Target.Name.Flatten) {
            flatten(into, target, field, value, payload, topic);
            return;
        }
        String name = target.name() instanceof Target.Name.Fixed fixed ? fixed.template().render(Map.of("n", n)) : field;
        set(into, name, read(target, field, value, payload, topic));
        if (target.kind() == Target.Kind.EVENT && into.has(name)) {
            into.set(name, eventWord(into.get(name), topic, field));
        }
    }

    /** An event is a word, in lower case ({@code SINGLE} is {@code single}), and never the resting word itself. */
    private static JsonNode eventWord(JsonNode value, String topic, String field) throws Refusal {
        String word = value.isTextual() ? value.textValue().strip().toLowerCase(Locale.ROOT) : "";
        if (word.isEmpty() || word.length() > 40 || word.equals(Target.RESTING)
                || !word.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-')) {
            throw new Refusal(Refusal.INVALID_VALUE, topic + ": field " + field + ": an event is a word (letters, digits,"
                    + " '_', '-'), got " + ValueReading.shown(value));
        }
        return TextNode.valueOf(word);
    }

    /** Each value inside {@code value}'s objects, named by its path: {@code ENERGY.Power} is {@code energy_power}. */
    private static void flatten(ObjectNode into, Target target, String path, JsonNode value, JsonNode payload, String topic)
            throws Refusal {
        if (target.skip().contains(path)) {
            return;
        }
        if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(into, target, path + "." + field.getKey(), field.getValue(), payload, topic);
            }
            return;
        }
        set(into, path.replace('.', '_').toLowerCase(Locale.ROOT), read(target, path, value, payload, topic));
    }

    /**
     * A value that reads as nothing (a JSON null, an expression yielding null for a field the device left
     * out) is left out: in a state report a null would remove the attribute.
     */
    private static void set(ObjectNode into, String name, JsonNode value) {
        if (!value.isNull() && !value.isMissingNode()) {
            into.set(name, value);
        }
    }

    private static JsonNode read(Target target, String field, JsonNode value, JsonNode payload, String topic) throws Refusal {
        try {
            return target.reading().read(value, payload);
        } catch (InvalidValue e) {
            throw new Refusal(Refusal.INVALID_VALUE, topic + ": field " + field + ": " + e.getMessage());
        }
    }

    private static Translation text(Target target, String topic, byte[] payload, String n) throws Refusal {
        JsonNode text = TextNode.valueOf(utf8(topic, payload).strip());
        String name = ((Target.Name.Fixed) target.name()).template().render(Map.of("n", n));
        Translation out = Translation.empty();
        ObjectNode into = out.into(target.kind());
        try {
            set(into, name, target.reading().read(text, text));
        } catch (InvalidValue e) {
            throw new Refusal(Refusal.INVALID_VALUE, topic + ": " + e.getMessage());
        }
        return out;
    }

    /** A plain word, or in a JSON object the word of {@code field}: {@code online} or {@code {"state":"online"}}. */
    private static boolean availability(Handling.Availability words, String topic, byte[] payload) throws Refusal {
        String text = utf8(topic, payload).strip();
        String word = text;
        if (words.field().isPresent() && text.startsWith("{")) {
            word = NativeJson.object(topic, payload).path(words.field().get()).asText("");
        }
        String folded = word.toLowerCase(Locale.ROOT);
        if (words.online().contains(folded)) {
            return true;
        }
        if (words.offline().contains(folded)) {
            return false;
        }
        throw new Refusal(PayloadFault.INVALID_STATUS.code(), topic + ": expected " + String.join("/", words.online())
                + " or " + String.join("/", words.offline()) + words.field().map(f -> " (or {\"" + f + "\":...})").orElse("")
                + ", got '" + (word.length() > 40 ? word.substring(0, 40) + "..." : word) + "'");
    }

    private static String utf8(String topic, byte[] payload) throws Refusal {
        if (payload.length > WireJson.MAX_PAYLOAD_BYTES) {
            throw new Refusal(PayloadFault.TOO_LARGE.code(), topic + ": " + payload.length + " bytes, more than the "
                    + WireJson.MAX_PAYLOAD_BYTES + " a payload may have");
        }
        try {
            return WireJson.strictUtf8(payload);
        } catch (WireJson.InvalidPayloadException e) {
            throw new Refusal(e.fault().code(), topic + ": " + e.getMessage());
        }
    }
}
