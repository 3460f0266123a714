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

    /**
     * A message that carries the status of several components at once in one of its fields (Shelly's
     * {@code NotifyStatus} and {@code NotifyFullStatus}: {@code params} holds {@code "switch:0": {...}}):
     * each component's object is read as the message on {@code topicPrefix + component} would be (Shelly's
     * {@code <prefix>/status/switch:0}), so that a delta and a full status are read by the same rule.
     * Fields that are no object ({@code ts}), and components no rule reads, are left out. {@code events}: the field in
     * it that lists events instead (Shelly's {@code NotifyEvent}: {@code "events": [{"component": "input:0", "event":
     * "single_push"}]}), each read as its component's status {@code {"event": "single_push"}} would be.
     */
    record Components(String field, Template topicPrefix, Optional<String> events) implements Handling {
        /** The field an event is read as, in its component's status. */
        public static final String EVENT = "event";
    }

    /**
     * The answers to the commands the hub sent as RPC requests (Shelly's JSON-RPC over MQTT), read by code:
     * the request's {@code src} is this topic without its last level {@code /rpc}, since the device answers
     * on {@code <src>/rpc}.
     */
    record RpcReplies() implements Handling {
    }
}
