package dev.hearth.hub.homeassistant;

/** The Home Assistant MQTT components the hub's discovery uses. */
public enum Component {
    SENSOR("sensor"),
    BINARY_SENSOR("binary_sensor"),
    SWITCH("switch"),
    BUTTON("button");

    private final String wire;

    Component(String wire) {
        this.wire = wire;
    }

    /** As the discovery topic spells it. */
    public String wire() {
        return wire;
    }
}
