package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What an adapter makes of native traffic: the same events a Hearth device causes on its wire
 * topics (state, telemetry, availability, meta, a command's reply), so that everything past the
 * adapter (store, rules, history, API) cannot tell the protocols apart.
 */
public sealed interface DeviceEvent {
    String deviceId();

    /** A (partial) state report, as on {@code devices/{id}/state}: merged, and only real changes fire rules. */
    record Reported(String deviceId, ObjectNode state) implements DeviceEvent {
        public Reported {
            Objects.requireNonNull(state, "state");
        }
    }

    /** Measurements, as on {@code devices/{id}/telemetry}. */
    record Measured(String deviceId, ObjectNode measurements) implements DeviceEvent {
        public Measured {
            Objects.requireNonNull(measurements, "measurements");
        }
    }

    /** Online or offline; never erases the last reported state. */
    record Availability(String deviceId, boolean online) implements DeviceEvent {
    }

    /** What the device is, as on {@code devices/{id}/meta}: a valid device meta, plus where it came from. */
    record Described(String deviceId, ObjectNode meta) implements DeviceEvent {
        public Described {
            Objects.requireNonNull(meta, "meta");
        }
    }

    /** A command sent natively was confirmed by the device's report: its reply, by the correlation it was sent with. */
    record Confirmed(String deviceId, byte[] correlation, JsonNode result) implements DeviceEvent {
        public Confirmed {
            correlation = correlation.clone();
        }
    }

    /** A command sent natively was answered with an error (a Shelly RPC error reply): it fails with the device's words. */
    record Failed(String deviceId, byte[] correlation, String error) implements DeviceEvent {
        public Failed {
            correlation = correlation.clone();
            java.util.Objects.requireNonNull(error, "error");
        }
    }
}
