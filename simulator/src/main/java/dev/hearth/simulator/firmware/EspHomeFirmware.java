package dev.hearth.simulator.firmware;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An ESPHome node with the MQTT component's defaults (https://esphome.io/components/mqtt.html): a temperature sensor
 * and a relay. Will {@code <node>/status} offline (retained), birth online, retained Home Assistant discovery configs
 * {@code homeassistant/sensor/<node>/temperature/config} and {@code homeassistant/switch/<node>/relay/config}
 * (abbreviated, as ESPHome writes them), states on {@code <node>/sensor/temperature/state} and
 * {@code <node>/switch/relay/state}, ON/OFF taken on {@code <node>/switch/relay/command}. Canonical, as the hub's
 * ha-discovery adapter names it: {@code temperature} (°C) and {@code relay} (true/false); {@code turn_on},
 * {@code turn_off} with {@code entity: relay}.
 */
public record EspHomeFirmware(String user, String node, String mac) implements Firmware {
    public static final String TEMPERATURE = "temperature";
    public static final String RELAY = "relay";

    public EspHomeFirmware {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(node, "node");
        if (!mac.matches("[0-9a-f]{12}")) {
            throw new IllegalArgumentException("a MAC is 12 lower-case hex digits, was '" + mac + "'");
        }
    }

    public static String macOf(String name) {
        return TasmotaFirmware.macOf(name).toLowerCase(Locale.ROOT);
    }

    @Override
    public String clientId() {
        return node + "-" + mac;
    }

    @Override
    public Publish will() {
        return Publish.retained(node + "/status", "offline");
    }

    @Override
    public List<String> subscriptions() {
        return List.of(node + "/switch/" + RELAY + "/command");
    }

    @Override
    public List<Publish> hello(ObjectNode whole) {
        List<Publish> hello = new ArrayList<>();
        hello.add(Publish.retained(node + "/status", "online"));
        hello.add(Publish.retained("homeassistant/sensor/" + node + "/" + TEMPERATURE + "/config", config("sensor", TEMPERATURE,
                "\"dev_cla\":\"temperature\",\"unit_of_meas\":\"°C\",\"stat_cla\":\"measurement\",\"name\":\"Temperature\",")));
        hello.add(Publish.retained("homeassistant/switch/" + node + "/" + RELAY + "/config", config("switch", RELAY,
                "\"name\":\"Relay\",\"cmd_t\":\"" + node + "/switch/" + RELAY + "/command\",")));
        hello.addAll(report(whole, whole));
        return hello;
    }

    private String config(String component, String object, String fields) {
        return "{" + fields + "\"stat_t\":\"" + node + "/" + component + "/" + object + "/state\",\"avty_t\":\"" + node
                + "/status\",\"uniq_id\":\"" + mac + component + object + "\",\"dev\":{\"ids\":\"" + mac + "\",\"name\":\""
                + node + "\",\"sw\":\"esphome v2024.11.1\",\"mdl\":\"esp32dev\",\"mf\":\"espressif\"}}";
    }

    @Override
    public List<Publish> report(ObjectNode partial, ObjectNode whole) {
        List<Publish> states = new ArrayList<>();
        if (partial.has(TEMPERATURE)) {
            states.add(measurement(whole.path(TEMPERATURE).asDouble()));
        }
        if (partial.has(RELAY)) {
            states.add(Publish.of(node + "/switch/" + RELAY + "/state", whole.path(RELAY).asBoolean() ? "ON" : "OFF"));
        }
        return states;
    }

    /** Its temperature sensor's state, a plain number as ESPHome writes it. */
    @Override
    public Publish measurement(double celsius) {
        return Publish.of(node + "/sensor/" + TEMPERATURE + "/state", String.format(Locale.ROOT, "%.1f", celsius));
    }

    @Override
    public Optional<Inbound> inbound(String topic, String payload) {
        if (!topic.equals(node + "/switch/" + RELAY + "/command")) {
            return Optional.empty();
        }
        String name = switch (payload.trim().toUpperCase(Locale.ROOT)) {
            case "ON" -> "turn_on";
            case "OFF" -> "turn_off";
            default -> null; // ESPHome logs "unknown payload" and does nothing
        };
        if (name == null) {
            return Optional.empty();
        }
        ObjectNode args = Json.object();
        args.put("entity", RELAY);
        return Optional.of(Inbound.of(new Command(name, args)));
    }
}
