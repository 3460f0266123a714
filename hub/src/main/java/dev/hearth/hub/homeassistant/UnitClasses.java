package dev.hearth.hub.homeassistant;

import java.util.Map;
import java.util.Optional;

/**
 * The Home Assistant device class a unit says for certain, and the state class that goes with it. A unit that
 * could be several things ({@code %}: humidity or battery; {@code ppm}) says none: Home Assistant shows the
 * plain number with its unit, where a wrong class would show a wrong icon and refuse the statistics.
 */
final class UnitClasses {
    /** Home Assistant refuses {@code measurement} for energy, which only grows: its statistics want this. */
    static final String TOTAL_INCREASING = "total_increasing";
    static final String MEASUREMENT = "measurement";

    private static final Map<String, String> DEVICE_CLASS = Map.ofEntries(
            Map.entry("°C", "temperature"), Map.entry("°F", "temperature"), Map.entry("K", "temperature"),
            Map.entry("W", "power"), Map.entry("kW", "power"),
            Map.entry("Wh", "energy"), Map.entry("kWh", "energy"),
            Map.entry("V", "voltage"), Map.entry("mV", "voltage"),
            Map.entry("A", "current"), Map.entry("mA", "current"),
            Map.entry("lx", "illuminance"),
            Map.entry("hPa", "pressure"), Map.entry("Pa", "pressure"), Map.entry("kPa", "pressure"), Map.entry("mbar", "pressure"),
            Map.entry("dBm", "signal_strength"),
            Map.entry("Hz", "frequency"),
            Map.entry("s", "duration"), Map.entry("min", "duration"), Map.entry("h", "duration"));

    private UnitClasses() {
    }

    static Optional<String> deviceClass(String unit) {
        return Optional.ofNullable(DEVICE_CLASS.get(unit));
    }

    static String stateClass(Optional<String> deviceClass) {
        return deviceClass.filter("energy"::equals).map(energy -> TOTAL_INCREASING).orElse(MEASUREMENT);
    }
}
