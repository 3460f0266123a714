package dev.hearth.hub.adapters;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Commands sent natively that wait for the device to confirm them. A native device has no reply
 * topic: Tasmota answers {@code cmnd/.../POWER ON} with {@code stat/.../RESULT {"POWER":"ON"}},
 * Zigbee2MQTT with the device's new state. So the next report naming one of the attributes a command
 * affects is its reply, carrying the reported values. A command that is never confirmed ends at its
 * timeout in the dispatcher; its entry here goes at its deadline. Not thread-safe: its session's lock guards it.
 */
final class Confirmations {
    /** More waiting for one device than this and the oldest go: a device that never confirms must not fill the heap. */
    static final int PER_DEVICE = 64;

    private record Waiting(byte[] correlation, Set<String> attributes, Instant deadline) {
    }

    private final Clock clock;
    private final Map<String, List<Waiting>> byDevice = new HashMap<>();

    Confirmations(Clock clock) {
        this.clock = clock;
    }

    void expect(String deviceId, byte[] correlation, Set<String> attributes, Duration timeout) {
        if (attributes.isEmpty()) {
            return;
        }
        List<Waiting> waiting = byDevice.computeIfAbsent(deviceId, id -> new ArrayList<>());
        prune(waiting);
        if (waiting.size() >= PER_DEVICE) {
            waiting.remove(0);
        }
        waiting.add(new Waiting(correlation.clone(), Set.copyOf(attributes), clock.instant().plus(timeout)));
    }

    /** The commands this report confirms, oldest first, each with the reported values it named. */
    List<DeviceEvent.Confirmed> confirmedBy(String deviceId, ObjectNode reported) {
        List<Waiting> waiting = byDevice.get(deviceId);
        if (waiting == null) {
            return List.of();
        }
        prune(waiting);
        List<DeviceEvent.Confirmed> confirmed = new ArrayList<>();
        Iterator<Waiting> each = waiting.iterator();
        while (each.hasNext()) {
            Waiting command = each.next();
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            command.attributes().stream().filter(reported::has).sorted().forEach(name -> result.set(name, reported.get(name)));
            if (!result.isEmpty()) {
                confirmed.add(new DeviceEvent.Confirmed(deviceId, command.correlation(), result));
                each.remove();
            }
        }
        if (waiting.isEmpty()) {
            byDevice.remove(deviceId);
        }
        return confirmed;
    }

    int waiting() {
        return byDevice.values().stream().mapToInt(List::size).sum();
    }

    private void prune(List<Waiting> waiting) {
        Instant now = clock.instant();
        waiting.removeIf(command -> now.isAfter(command.deadline()));
    }
}
