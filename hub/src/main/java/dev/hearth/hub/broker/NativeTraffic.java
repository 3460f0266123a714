package dev.hearth.hub.broker;

import java.time.Instant;
import java.util.Optional;

/**
 * Logins that speak a native protocol (a Tasmota plug, a Zigbee2MQTT bridge): the broker gives them
 * their native topics instead of the wire contract's, and hands their publishes over as they came,
 * for the hub's adapters to translate.
 */
public interface NativeTraffic {
    /** Empty for a Hearth device (wire contract). Asked on every login and publish: a map lookup. */
    Optional<NativeAccess> access(String loginId);

    /** One publish of the login, already rate-limited; never throws for a bad payload (that is {@link NativeOutcome.Refused}). */
    NativeOutcome take(String loginId, String topic, byte[] payload, Instant at);

    /** Nothing is native: every login speaks the wire contract. */
    NativeTraffic NONE = new NativeTraffic() {
        @Override
        public Optional<NativeAccess> access(String loginId) {
            return Optional.empty();
        }

        @Override
        public NativeOutcome take(String loginId, String topic, byte[] payload, Instant at) {
            return new NativeOutcome.Outside();
        }
    };
}
