package dev.hearth.hub;

import java.util.UUID;
import java.util.function.Predicate;

/**
 * A Zigbee2MQTT bridge as it starts (MQTT 3.1.1, as its MQTT.js is by default): its last will on bridge/state,
 * a subscription to its base topic, then bridge/state online, bridge/info and its device list, all retained. It
 * answers a /set as a device does, with the device's new state, when it can reach the device.
 */
final class Zigbee2mqttBridge {
    private Zigbee2mqttBridge() {
    }

    /** {@code reaches}: whether the bridge reaches the device of that friendly name now (a sleeping one it does not). */
    static NativeClient start(HubFixture hub, String user, String password, String deviceList, Predicate<String> reaches)
            throws Exception {
        NativeClient bridge = NativeClient.connect(hub.brokerUri(), "mqttjs_" + UUID.randomUUID().toString().substring(0, 8),
                user, password, "zigbee2mqtt/bridge/state", "{\"state\":\"offline\"}");
        bridge.subscribe("zigbee2mqtt/#");
        bridge.onMessage((topic, payload) -> {
            if (topic.endsWith("/set")) {
                String name = topic.substring("zigbee2mqtt/".length(), topic.length() - "/set".length());
                if (reaches.test(name)) {
                    bridge.publishLater("zigbee2mqtt/" + name, payload.replace("}", ",\"linkquality\":120}"));
                }
            }
        });
        bridge.publish("zigbee2mqtt/bridge/state", "{\"state\":\"online\"}", true);
        bridge.publish("zigbee2mqtt/bridge/info", "{\"version\":\"2.1.1\",\"config\":{\"mqtt\":{\"base_topic\":\"zigbee2mqtt\"}}}", true);
        bridge.publish("zigbee2mqtt/bridge/devices", deviceList, true);
        return bridge;
    }
}
