package dev.hearth.simulator.load;

import dev.hearth.wire.DeviceIds;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** A device's login: its id (the MQTT user name) and password. */
public record Credentials(String deviceId, String password) {
    public Credentials {
        DeviceIds.require(deviceId);
        Objects.requireNonNull(password, "password");
    }

    /** The i-th device gets the i-th entry; a load run checks there are enough before it starts. */
    public static Function<Integer, Credentials> fromList(List<Credentials> list) {
        List<Credentials> copy = List.copyOf(list);
        return i -> {
            if (i < 0 || i >= copy.size()) {
                throw new IllegalArgumentException("credentials for " + copy.size() + " devices, asked for device #" + (i + 1));
            }
            return copy.get(i);
        };
    }

    /** {@code load-0001}, {@code load-0002}, ... with one password: for a test broker that lets anyone in. */
    public static Function<Integer, Credentials> numbered(String prefix, String password) {
        return i -> new Credentials(String.format("%s%04d", prefix, i + 1), password);
    }

    /** Keeps passwords out of logs. */
    @Override
    public String toString() {
        return "Credentials[" + deviceId + "]";
    }
}
