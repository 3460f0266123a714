package dev.hearth.simulator.firmware;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.Command;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What a native device says on MQTT 3.1.1, as its firmware does: its login and last will, what it subscribes to and
 * publishes on connecting, how a change of its (canonical) state goes out, and how a native command it receives
 * reads as the canonical command the hub's adapter would send. Pure: no connection, so payload shapes are unit-tested.
 */
public sealed interface Firmware permits TasmotaFirmware, ShellyFirmware, EspHomeFirmware, Zigbee2mqttFirmware {
    String user();

    String clientId();

    Publish will();

    List<String> subscriptions();

    /** Right after each connection (a reconnect too), with the whole state. */
    List<Publish> hello(ObjectNode whole);

    List<Publish> report(ObjectNode partial, ObjectNode whole);

    /** A message on a subscribed topic: the command it asks for, if it is one this device answers. */
    Optional<Inbound> inbound(String topic, String payload);

    /**
     * What the session says for all the devices on it, before each one's {@link #hello}: a bridge's own state and
     * device list (Zigbee2MQTT); nothing for a device that is its own session.
     */
    default List<Publish> sessionHello(List<Firmware> members) {
        return List.of();
    }

    /** When the device leaves a session that stays (a Zigbee device behind its bridge); a session that ends says its will. */
    default List<Publish> away() {
        return List.of();
    }

    /** Re-sent every {@link #period()} while connected (Tasmota's TelePeriod); none by default. */
    default List<Publish> periodic(ObjectNode whole) {
        return List.of();
    }

    default Optional<Duration> period() {
        return Optional.empty();
    }

    /**
     * One reading of the device's main measurement as its firmware sends it unasked (a Tasmota's SENSOR, a Zigbee
     * device's state, a Shelly's switch status, an ESPHome sensor's state): what a load run repeats.
     */
    Publish measurement(double value);

    /**
     * A native request: the canonical command to run (none for a query), then what the device answers besides the
     * reports the command makes, from its whole state before and after the command ran.
     */
    record Inbound(Optional<Command> command, BiFunction<ObjectNode, ObjectNode, List<Publish>> answer) {
        static Inbound of(Command command) {
            return new Inbound(Optional.of(command), (before, after) -> List.of());
        }
    }
}
