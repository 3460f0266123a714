package dev.hearth.simulator.load;

import dev.hearth.wire.DeviceIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A login: its id (the MQTT user name), its password, and what it speaks. A native login has its native topic (a
 * Tasmota's Topic, a bridge's base topic, a Shelly's prefix, an ESPHome node id; its id when not given, a bridge's
 * {@code zigbee2mqtt}); a Zigbee2MQTT bridge also the friendly names of the devices it speaks for.
 */
public record Credentials(String deviceId, String password, LoadProtocol protocol, Optional<String> topic, List<String> devices) {
    public Credentials {
        DeviceIds.require(deviceId);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(protocol, "protocol");
        devices = List.copyOf(devices);
        if (protocol == LoadProtocol.HEARTH && topic.isPresent()) {
            throw new IllegalArgumentException(deviceId + ": 'topic' goes with a native protocol");
        }
        if (protocol.isNative() && topic.isEmpty()) {
            topic = Optional.of(protocol == LoadProtocol.ZIGBEE2MQTT ? "zigbee2mqtt" : deviceId);
        }
        if ((protocol == LoadProtocol.ZIGBEE2MQTT) == devices.isEmpty()) {
            throw new IllegalArgumentException(deviceId + ": " + (devices.isEmpty()
                    ? "a zigbee2mqtt bridge needs the devices it speaks for"
                    : "only a zigbee2mqtt bridge lists devices; a " + protocol.configName() + " login is one device"));
        }
    }

    /** A device of the wire contract. */
    public Credentials(String deviceId, String password) {
        this(deviceId, password, LoadProtocol.HEARTH, Optional.empty(), List.of());
    }

    /** How many devices log in with it. */
    public int deviceCount() {
        return devices.isEmpty() ? 1 : devices.size();
    }

    /**
     * The logins of {@code protocol} in {@code known}, in order, until they hold {@code count} devices (all of them when
     * empty); the last bridge taken speaks for fewer devices if need be.
     */
    public static List<Credentials> select(List<Credentials> known, LoadProtocol protocol, Optional<Integer> count) {
        List<Credentials> ofProtocol = known.stream().filter(c -> c.protocol() == protocol).toList();
        int available = devices(known, protocol);
        int wanted = count.orElse(available);
        if (wanted < 1 || wanted > available) {
            throw new IllegalArgumentException("asks for " + wanted + " " + protocol.configName() + " devices, and there are "
                    + available);
        }
        List<Credentials> taken = new ArrayList<>();
        int left = wanted;
        for (Credentials login : ofProtocol) {
            if (left == 0) {
                break;
            }
            Credentials part = login.deviceCount() <= left ? login
                    : new Credentials(login.deviceId, login.password, protocol, login.topic, login.devices.subList(0, left));
            taken.add(part);
            left -= part.deviceCount();
        }
        return List.copyOf(taken);
    }

    /** How many devices the logins of {@code protocol} in {@code known} speak for. */
    public static int devices(List<Credentials> known, LoadProtocol protocol) {
        return known.stream().filter(c -> c.protocol() == protocol).mapToInt(Credentials::deviceCount).sum();
    }

    /** {@code load-0001}, {@code load-0002}, ... with one password: for a test broker that lets anyone in. */
    public static List<Credentials> numbered(String prefix, String password, int count) {
        List<Credentials> list = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            list.add(new Credentials(String.format("%s%04d", prefix, i), password));
        }
        return list;
    }

    /** Keeps passwords out of logs. */
    @Override
    public String toString() {
        return "Credentials[" + deviceId + (protocol.isNative() ? ", " + protocol.configName() : "") + "]";
    }
}
