package dev.hearth.simulator.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.device.Command;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One Zigbee device behind a Zigbee2MQTT bridge
 * (https://www.zigbee2mqtt.io/guide/usage/mqtt_topics_and_messages.html); every device of one bridge login shares its
 * connection. The bridge: will and retained {@code <base>/bridge/state} {"state":"offline"|"online"}, retained
 * {@code <base>/bridge/devices} with each device's exposes. A device: its whole state on {@code <base>/<name>} (JSON),
 * {@code <base>/<name>/availability} {"state":"online"}, and {@code <base>/<name>/set} obeyed, answered with its new
 * state. The friendly name may hold '/'. Canonical state and commands are the hub adapter's: the exposes' properties,
 * {@code set} (its JSON), and for a bulb {@code turn_on}, {@code turn_off}, {@code toggle}.
 */
public record Zigbee2mqttFirmware(String user, String baseTopic, String name, Model model) implements Firmware {
    /** What the device is: its definition in the bridge's device list. */
    public enum Model {
        /** Aqara RTCGQ11LM: occupancy, illuminance (lx), battery (%). */
        MOTION_SENSOR("RTCGQ11LM", "Aqara", "Motion sensor", "EndDevice", "illuminance"),
        /** IKEA LED1545G12: state ON/OFF, brightness 0..254, both settable. */
        BULB("LED1545G12", "IKEA", "TRADFRI bulb", "Router", "brightness");

        private final String model;
        private final String vendor;
        private final String description;
        private final String type;
        /** The property a {@link #measurement} sets. */
        private final String measured;

        Model(String model, String vendor, String description, String type, String measured) {
            this.model = model;
            this.vendor = vendor;
            this.description = description;
            this.type = type;
            this.measured = measured;
        }
    }

    public Zigbee2mqttFirmware {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(baseTopic, "baseTopic");
        Objects.requireNonNull(model, "model");
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("+") || name.contains("#")) {
            throw new IllegalArgumentException("invalid friendly name '" + name + "'");
        }
    }

    /** MQTT.js's kind of client id; one per bridge login. */
    @Override
    public String clientId() {
        return "mqttjs_" + Integer.toHexString(user.hashCode());
    }

    @Override
    public Publish will() {
        return Publish.retained(baseTopic + "/bridge/state", "{\"state\":\"offline\"}");
    }

    @Override
    public List<String> subscriptions() {
        return List.of(baseTopic + "/" + name + "/set");
    }

    @Override
    public List<Publish> sessionHello(List<Firmware> members) {
        ArrayNode devices = Json.object().arrayNode();
        ObjectNode coordinator = devices.addObject();
        coordinator.put("ieee_address", "0x00124b0000000001").put("type", "Coordinator").put("friendly_name", "Coordinator");
        coordinator.putNull("definition");
        members.stream().filter(Zigbee2mqttFirmware.class::isInstance).map(Zigbee2mqttFirmware.class::cast)
                .forEach(member -> devices.add(member.listing()));
        return List.of(Publish.retained(baseTopic + "/bridge/state", "{\"state\":\"online\"}"),
                Publish.retained(baseTopic + "/bridge/info", "{\"version\":\"2.1.1\",\"config\":{\"mqtt\":{\"base_topic\":\""
                        + baseTopic + "\"}}}"),
                Publish.retained(baseTopic + "/bridge/devices", Json.text(devices)));
    }

    ObjectNode listing() {
        ObjectNode device = Json.object();
        device.put("ieee_address", String.format(Locale.ROOT, "0x00158d%010x", name.hashCode() & 0xFFFFFFFFL));
        device.put("type", model.type).put("friendly_name", name).put("supported", true);
        ObjectNode definition = device.putObject("definition");
        definition.put("model", model.model).put("vendor", model.vendor).put("description", model.description);
        ArrayNode exposes = definition.putArray("exposes");
        switch (model) {
            case MOTION_SENSOR -> {
                exposes.addObject().put("type", "binary").put("name", "occupancy").put("property", "occupancy")
                        .put("access", 1).put("value_on", true).put("value_off", false);
                exposes.addObject().put("type", "numeric").put("name", "illuminance").put("property", "illuminance")
                        .put("access", 1).put("unit", "lx");
                exposes.addObject().put("type", "numeric").put("name", "battery").put("property", "battery")
                        .put("access", 1).put("unit", "%");
            }
            case BULB -> {
                ArrayNode features = exposes.addObject().put("type", "light").putArray("features");
                features.addObject().put("type", "binary").put("name", "state").put("property", "state").put("access", 7)
                        .put("value_on", "ON").put("value_off", "OFF").put("value_toggle", "TOGGLE");
                features.addObject().put("type", "numeric").put("name", "brightness").put("property", "brightness")
                        .put("access", 7).put("value_min", 0).put("value_max", 254);
            }
        }
        exposes.addObject().put("type", "numeric").put("name", "linkquality").put("property", "linkquality")
                .put("access", 1).put("unit", "lqi");
        return device;
    }

    @Override
    public List<Publish> hello(ObjectNode whole) {
        return List.of(availability("online"), state(whole));
    }

    @Override
    public List<Publish> away() {
        return List.of(availability("offline"));
    }

    private Publish availability(String state) {
        return Publish.retained(baseTopic + "/" + name + "/availability", "{\"state\":\"" + state + "\"}");
    }

    /** Zigbee2MQTT sends the device's whole state each time, with the link quality of the last frame. */
    private Publish state(ObjectNode whole) {
        ObjectNode state = whole.deepCopy();
        state.put("linkquality", 120);
        return Publish.of(baseTopic + "/" + name, Json.text(state));
    }

    @Override
    public List<Publish> report(ObjectNode partial, ObjectNode whole) {
        return List.of(state(whole));
    }

    /** Its state with the model's measured property (a motion sensor's illuminance, a bulb's brightness) at {@code value}. */
    @Override
    public Publish measurement(double value) {
        ObjectNode reading = Json.object();
        reading.put(model.measured, Math.round(value));
        return state(reading);
    }

    @Override
    public Optional<Inbound> inbound(String topic, String payload) {
        if (!topic.equals(baseTopic + "/" + name + "/set") || model != Model.BULB) {
            return Optional.empty();
        }
        return Json.parse(payload).map(set -> {
            JsonNode state = set.path("state");
            if (set.size() == 1 && state.isTextual()) {
                String word = state.asText().toUpperCase(Locale.ROOT);
                String command = switch (word) {
                    case "ON" -> "turn_on";
                    case "OFF" -> "turn_off";
                    case "TOGGLE" -> "toggle";
                    default -> "set";
                };
                return Inbound.of(new Command(command, command.equals("set") ? set : Json.object()));
            }
            return Inbound.of(new Command("set", set));
        });
    }
}
