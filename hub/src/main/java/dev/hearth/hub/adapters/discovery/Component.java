package dev.hearth.hub.adapters.discovery;

import java.util.Arrays;
import java.util.Optional;

/** The Home Assistant components Hearth reads from a device's discovery, as the config topic spells them. */
public enum Component {
    SENSOR("sensor"),
    BINARY_SENSOR("binary_sensor"),
    SWITCH("switch"),
    LIGHT("light"),
    BUTTON("button"),
    NUMBER("number"),
    SELECT("select"),
    COVER("cover"),
    CLIMATE("climate");

    private final String wire;

    Component(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Component> fromWire(String name) {
        return Arrays.stream(values()).filter(component -> component.wire.equals(name)).findFirst();
    }
}
