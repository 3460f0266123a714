package dev.hearth.hub.adapters;

import java.util.List;

/** What an adapter made of one native publish. */
public sealed interface Reading {
    /** Taken: the device events it causes, in the order to apply them (none: nothing to map). */
    record Events(List<DeviceEvent> events) implements Reading {
        public Events {
            events = List.copyOf(events);
        }
    }

    /**
     * Taken and delivered to no one: a shared tree the protocol publishes to by default, with the device events of what
     * the device said of itself there (its own discovery), if the profile reads it.
     */
    record Swallowed(List<DeviceEvent> events) implements Reading {
        public Swallowed {
            events = List.copyOf(events);
        }
    }

    /** Refused: a stable reason and a sentence naming the topic (and the field). */
    record Refused(String reason, String message) implements Reading {
    }

    /** Not the login's topic: the broker's ACL refuses it. */
    record Outside() implements Reading {
    }
}
