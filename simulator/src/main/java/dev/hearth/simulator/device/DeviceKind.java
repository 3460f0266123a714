package dev.hearth.simulator.device;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of device the simulator can play, by the name scenarios use. */
public enum DeviceKind {
    BED("bed"),
    COFFEE_MACHINE("coffee-machine"),
    THERMOSTAT("thermostat"),
    MOTION_SENSOR("motion-sensor"),
    DOOR_CONTACT("door-contact"),
    /** Attributes and commands declared in the scenario. */
    GENERIC("generic"),
    /** Native firmwares on their own topics (over the virtual hub: canonically, as the hub's adapters read them). */
    TASMOTA_PLUG("tasmota-plug"),
    ZIGBEE2MQTT_MOTION_SENSOR("zigbee2mqtt-motion-sensor"),
    ZIGBEE2MQTT_BULB("zigbee2mqtt-bulb"),
    SHELLY_PLUS_1("shelly-plus-1"),
    ESPHOME_NODE("esphome-node");

    private final String wire;

    DeviceKind(String wire) {
        this.wire = wire;
    }

    /** The name in scenarios and in the device's meta {@code type}. */
    public String wire() {
        return wire;
    }

    public static Optional<DeviceKind> fromWire(String name) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(name)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(DeviceKind::wire).collect(Collectors.joining(", "));
    }
}
