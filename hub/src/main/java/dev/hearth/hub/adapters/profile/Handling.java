package dev.hearth.hub.adapters.profile;

import java.util.List;
import java.util.Optional;

/** What a profile does with a message whose topic matched. */
public sealed interface Handling {
    /** Accepted and passed on, nothing to map (Tasmota's INFO1, a Zigbee2MQTT log line). */
    record Ignore() implements Handling {
    }

    /**
     * Online or offline, from a word compared without case; when {@code field} is given and the
     * payload is a JSON object, the word is that field's (Zigbee2MQTT 2.x {@code {"state":"online"}};
     * 1.x sent plain {@code online}).
     */
    record Availability(Optional<String> field, List<String> online, List<String> offline) implements Handling {
        public Availability {
            online = online.stream().map(word -> word.toLowerCase(java.util.Locale.ROOT)).distinct().toList();
            offline = offline.stream().map(word -> word.toLowerCase(java.util.Locale.ROOT)).distinct().toList();
        }
    }

    /** A JSON object, field by field: the first rule whose pattern matches a field decides. */
    record Json(List<FieldRule> fields) implements Handling {
        public Json {
            fields = List.copyOf(fields);
        }
    }

    /** A plain-text payload ({@code ON}, {@code 21.5}) for one attribute. */
    record Text(Target target) implements Handling {
    }

    /** A bridge's list of the devices behind it, read by code for its format ({@code zigbee2mqtt}). */
    record DeviceList(String format) implements Handling {
    }
}
