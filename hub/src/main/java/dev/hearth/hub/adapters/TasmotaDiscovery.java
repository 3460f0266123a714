package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Reads Tasmota's own discovery config ({@code tasmota/discovery/<MAC>/config}, retained, sent at each connection
 * unless SetOption19 is on): {@code t} its Topic, {@code rl} its relays' types (0 for none; 1 relay, 2 light, 3 shutter:
 * each a POWER{n}), {@code btn} its buttons (1 for one there), {@code swc} its switches' modes (-1 for none), {@code fn} their friendly names, {@code dn} the device's name, {@code md} its model, {@code sw} its
 * firmware, {@code mac}, and {@code ft}/{@code tp}, its FullTopic and prefixes, which must be Tasmota's defaults for
 * the profile's {@code tele/<t>/...} topics to be where it speaks.
 */
final class TasmotaDiscovery {
    static final String DEFAULT_FULL_TOPIC = "%prefix%/%topic%/";
    /** The profile's relay attribute: {@code power} on a one-relay device, power1..n on one with several (POWER1...). */
    static final String RELAY = "power";
    /** What the config adds to the device's meta. */
    static final List<String> META_FIELDS = List.of("name", "model", "firmware");
    private static final List<String> DEFAULT_PREFIXES = List.of("cmnd", "stat", "tele");
    /** Relay types of {@code rl} (1 is a plain relay). */
    private static final int LIGHT = 2;
    private static final int SHUTTER = 3;

    private TasmotaDiscovery() {
    }

    /**
     * What the device says of itself.
     *
     * @param relays     how many POWER outputs it has (the last relay type that is not 0); empty when it does not say
     * @param relayNames the friendly name of each of them, when it has one
     * @param kinds      by kind ({@link dev.hearth.hub.adapters.profile.Discovery#KINDS}), the numbers of its outputs of
     *                   that kind: its shutters 1..n (two relays of type 3 each), its buttons and switches by their
     *                   place in {@code btn} and {@code swc}, and light 1 when a relay is of type 2 (a light's Dimmer,
     *                   Color and CT are the device's, not a relay's); a kind it has none of is left out
     */
    record Config(String address, String topic, Optional<Integer> relays, List<Optional<String>> relayNames, Optional<String> deviceName,
                  Optional<String> model, Optional<String> firmware, Map<String, List<Integer>> kinds) {
        Config {
            relayNames = List.copyOf(relayNames);
            kinds = Map.copyOf(kinds);
        }
    }

    /** The config; empty for an empty payload (a retained config cleared when discovery is turned off). */
    static Optional<Config> read(String topic, byte[] payload) throws Refusal {
        if (payload.length == 0) {
            return Optional.empty();
        }
        ObjectNode config = NativeJson.object(topic, payload);
        String t = text(config, "t").orElseThrow(() -> invalid(topic, "has no \"t\" (the device's Topic)"));
        String address = addressOf(topic);
        Optional<String> mac = text(config, "mac");
        if (mac.isPresent() && !mac.get().equalsIgnoreCase(address)) {
            throw invalid(topic, "says mac " + mac.get() + ", and its topic " + address);
        }
        Optional<String> fullTopic = text(config, "ft");
        if (fullTopic.isPresent() && !fullTopic.get().equals(DEFAULT_FULL_TOPIC)) {
            throw invalid(topic, "says its FullTopic is '" + fullTopic.get() + "'; Hearth reads Tasmota's default "
                    + DEFAULT_FULL_TOPIC + " (tele/" + t + "/..., stat/..., cmnd/...): set FullTopic " + DEFAULT_FULL_TOPIC);
        }
        JsonNode prefixes = config.path("tp");
        if (prefixes.isArray() && !DEFAULT_PREFIXES.equals(texts(prefixes))) {
            throw invalid(topic, "says its prefixes are " + prefixes + "; Hearth reads Tasmota's default " + DEFAULT_PREFIXES);
        }
        JsonNode types = config.path("rl");
        if (!types.isMissingNode() && !types.isArray()) {
            throw invalid(topic, "\"rl\" (its relays) is no array: " + types);
        }
        int relays = 0;
        int lights = 0;
        int shutterRelays = 0;
        for (int i = 0; i < types.size(); i++) { // a missing node has none
            if (!types.get(i).canConvertToInt()) {
                throw invalid(topic, "\"rl\"[" + i + "] (a relay's type) is no number: " + types.get(i));
            }
            int type = types.get(i).intValue();
            if (type != 0) {
                relays = i + 1;
            }
            lights += type == LIGHT ? 1 : 0;
            shutterRelays += type == SHUTTER ? 1 : 0;
        }
        Map<String, List<Integer>> kinds = new HashMap<>();
        if (lights > 0) {
            kinds.put("light", List.of(1));
        }
        if (shutterRelays > 0) {
            kinds.put("shutter", IntStream.rangeClosed(1, (shutterRelays + 1) / 2).boxed().toList());
        }
        present(topic, config, "btn", "a button", 0).ifPresent(buttons -> kinds.put("button", buttons));
        present(topic, config, "swc", "a switch's mode", -1).ifPresent(switches -> kinds.put("switch", switches));
        List<Optional<String>> names = new ArrayList<>();
        JsonNode friendly = config.path("fn");
        for (int i = 0; i < relays; i++) {
            JsonNode name = friendly.path(i);
            names.add(name.isTextual() && !name.textValue().isBlank() ? Optional.of(name.textValue()) : Optional.empty());
        }
        return Optional.of(new Config(address, t, types.isMissingNode() ? Optional.empty() : Optional.of(relays), names, text(config, "dn"), text(config, "md"), text(config, "sw"), kinds));
    }

    /** The numbers (from 1) of the places in the array {@code field} whose value is not {@code none}; empty if none is. */
    private static Optional<List<Integer>> present(String topic, ObjectNode config, String field, String what, int none)
            throws Refusal {
        JsonNode array = config.path(field);
        if (!array.isMissingNode() && !array.isArray()) {
            throw invalid(topic, "\"" + field + "\" is no array: " + array);
        }
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).canConvertToInt()) {
                throw invalid(topic, "\"" + field + "\"[" + i + "] (" + what + ") is no number: " + array.get(i));
            }
            if (array.get(i).intValue() != none) {
                numbers.add(i + 1);
            }
        }
        return numbers.isEmpty() ? Optional.empty() : Optional.of(numbers);
    }

    /** Relay {@code n} of {@code relays}, as Tasmota names it in its reports: POWER alone, or POWER1, POWER2... */
    static String relayAttribute(int n, int relays) {
        return relays == 1 ? RELAY : RELAY + n;
    }

    /** power, power1, power2...: a relay's attribute, whose number the config says. */
    static boolean isRelayAttribute(String name) {
        return name.startsWith(RELAY) && name.substring(RELAY.length()).chars().allMatch(Character::isDigit);
    }

    /** The MAC its topic names: tasmota/discovery/<MAC>/config. */
    static String addressOf(String topic) {
        String[] levels = topic.split("/", -1);
        return levels.length >= 2 ? levels[levels.length - 2] : "";
    }

    private static Optional<String> text(JsonNode config, String field) {
        JsonNode value = config.path(field);
        return value.isTextual() && !value.textValue().isBlank() ? Optional.of(value.textValue()) : Optional.empty();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }

    private static Refusal invalid(String topic, String what) {
        return new Refusal(Refusal.INVALID_VALUE, topic + ": Tasmota's discovery config " + what);
    }
}
