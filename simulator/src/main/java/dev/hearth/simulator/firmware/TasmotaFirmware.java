package dev.hearth.simulator.firmware;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A one-relay Tasmota plug with an energy monitor (https://tasmota.github.io/docs/MQTT/), FullTopic
 * {@code %prefix%/%topic%/}: LWT {@code tele/<t>/LWT} Online/Offline (retained, the will Offline), its own discovery
 * {@code tasmota/discovery/<MAC>/config} (retained) at connect, {@code tele/<t>/STATE} and {@code tele/<t>/SENSOR}
 * every TelePeriod, and {@code cmnd/<t>/POWER} ON/OFF/TOGGLE/empty (a query) answered on {@code stat/<t>/RESULT}
 * and {@code stat/<t>/POWER}. Its canonical state is {@code power} (true/false), its commands the hub adapter's
 * {@code turn_on}, {@code turn_off}, {@code toggle}.
 */
public record TasmotaFirmware(String user, String topic, String mac, Duration telePeriod, double watts) implements Firmware {
    public static final String POWER = "power";
    public static final Duration DEFAULT_TELE_PERIOD = Duration.ofSeconds(300);

    public TasmotaFirmware {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(topic, "topic");
        if (!mac.matches("[0-9A-F]{12}")) {
            throw new IllegalArgumentException("a MAC is 12 upper-case hex digits, was '" + mac + "'");
        }
        if (telePeriod.isNegative() || telePeriod.isZero()) {
            throw new IllegalArgumentException("TelePeriod must be positive");
        }
    }

    /** A MAC made from the name, the same each run. */
    public static String macOf(String name) {
        return String.format(Locale.ROOT, "A4CF12%06X", name.hashCode() & 0xFFFFFF);
    }

    @Override
    public String clientId() {
        return "DVES_" + mac.substring(6);
    }

    @Override
    public Publish will() {
        return Publish.retained("tele/" + topic + "/LWT", "Offline");
    }

    @Override
    public List<String> subscriptions() {
        return List.of("cmnd/" + topic + "/#");
    }

    @Override
    public List<Publish> hello(ObjectNode whole) {
        List<Publish> hello = new ArrayList<>();
        hello.add(Publish.retained("tele/" + topic + "/LWT", "Online"));
        hello.add(Publish.retained("tasmota/discovery/" + mac + "/config", discoveryConfig()));
        hello.addAll(periodic(whole));
        return hello;
    }

    String discoveryConfig() {
        ObjectNode config = Json.object();
        config.put("ip", "192.168.1." + (mac.hashCode() & 0x7F | 2));
        config.put("dn", topic);
        config.putArray("fn").add(topic);
        config.put("hn", topic);
        config.put("mac", mac);
        config.put("md", "Sonoff S31");
        config.put("ofln", "Offline");
        config.put("onln", "Online");
        config.putArray("state").add("OFF").add("ON").add("TOGGLE").add("HOLD");
        config.put("sw", "14.3.0");
        config.put("t", topic);
        config.put("ft", "%prefix%/%topic%/");
        config.putArray("tp").add("cmnd").add("stat").add("tele");
        config.putArray("rl").add(1).add(0).add(0).add(0).add(0).add(0).add(0).add(0);
        return Json.text(config);
    }

    @Override
    public List<Publish> report(ObjectNode partial, ObjectNode whole) {
        if (!partial.has(POWER)) {
            return List.of();
        }
        return answer(whole);
    }

    private List<Publish> answer(ObjectNode whole) {
        String power = onOff(whole);
        return List.of(Publish.of("stat/" + topic + "/RESULT", "{\"POWER\":\"" + power + "\"}"),
                Publish.of("stat/" + topic + "/POWER", power));
    }

    @Override
    public Optional<Inbound> inbound(String topic, String payload) {
        if (!topic.equals("cmnd/" + this.topic + "/POWER") && !topic.equals("cmnd/" + this.topic + "/POWER1")) {
            return Optional.empty();
        }
        String name = switch (payload.trim().toUpperCase(Locale.ROOT)) {
            case "ON", "1", "TRUE" -> "turn_on";
            case "OFF", "0", "FALSE" -> "turn_off";
            case "TOGGLE", "2" -> "toggle";
            default -> null; // empty: a query, answered with the relay as it is
        };
        return Optional.of(new Inbound(Optional.ofNullable(name).map(n -> new Command(n, Json.object())),
                (before, after) -> name == null ? answer(after) : List.of()));
    }

    @Override
    public Optional<Duration> period() {
        return Optional.of(telePeriod);
    }

    @Override
    public List<Publish> periodic(ObjectNode whole) {
        boolean on = whole.path(POWER).asBoolean(false);
        String state = "{\"Time\":\"1970-01-01T00:00:00\",\"Uptime\":\"0T00:00:00\",\"POWER\":\"" + onOff(whole)
                + "\",\"Wifi\":{\"AP\":1,\"SSId\":\"home\",\"RSSI\":82,\"Signal\":-59}}";
        return List.of(Publish.of("tele/" + topic + "/STATE", state), sensor(on, on ? watts : 0));
    }

    /** The energy monitor's reading of {@code power} watts, the relay on. */
    @Override
    public Publish measurement(double power) {
        return sensor(true, power);
    }

    private Publish sensor(boolean on, double power) {
        double voltage = 230;
        return Publish.of("tele/" + topic + "/SENSOR", "{\"Time\":\"1970-01-01T00:00:00\",\"ENERGY\":{\"TotalStartTime\":"
                + "\"2026-01-01T00:00:00\",\"Total\":0.000,\"Yesterday\":0,\"Today\":0,"
                + "\"Power\":" + round(power) + ",\"ApparentPower\":" + round(power) + ",\"ReactivePower\":0,\"Factor\":"
                + (on ? "1.00" : "0.00") + ",\"Voltage\":" + (int) voltage + ",\"Current\":" + round(power / voltage) + "}}");
    }

    private static String onOff(ObjectNode whole) {
        return whole.path(POWER).asBoolean(false) ? "ON" : "OFF";
    }

    private static String round(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
