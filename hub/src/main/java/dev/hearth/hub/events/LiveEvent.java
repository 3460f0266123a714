package dev.hearth.hub.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** What the hub tells live subscribers (Server-Sent Events): one of a closed set of kinds. */
public sealed interface LiveEvent {
    /** The SSE event name. */
    String kind();

    /** The device it is about, for filtering; empty for rule runs. */
    String device();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StateChanged(String device, String attribute, JsonNode value, JsonNode previous, String at) implements LiveEvent {
        @Override
        public String kind() {
            return "state";
        }
    }

    record AvailabilityChanged(String device, String availability, String at) implements LiveEvent {
        @Override
        public String kind() {
            return "availability";
        }
    }

    record RuleRun(String rule, String trigger, String outcome, String detail, String at) implements LiveEvent {
        @Override
        public String kind() {
            return "rule-run";
        }

        @Override
        public String device() {
            return "";
        }
    }
}
