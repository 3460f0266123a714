package dev.hearth.hub;

import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Zigbee2MQTT and a Tasmota plug as the integration tests play them, on whichever broker they log in to (Hearth's,
 * or the user's own Mosquitto): MQTT 3.1.1 clients that behave as the real ones do on connecting, and answer a
 * command as the real device does.
 */
final class PlayedDevices {
    private PlayedDevices() {
    }

    /**
     * As Zigbee2MQTT starts: will on bridge/state, subscribe to its base topic, bridge/state online and the device
     * list, both retained. It answers a /set as a bulb does, with the device's new state, when {@code reaches} says
     * it reaches the device of that friendly name now (a sleeping one it does not).
     */
    static NativeClient zigbee2mqtt(String uri, String clientId, String user, String password, boolean cleanSession,
                                    String deviceList, Predicate<String> reaches) throws MqttException {
        NativeClient bridge = NativeClient.connect(uri, clientId, user, password, "zigbee2mqtt/bridge/state",
                "{\"state\":\"offline\"}", cleanSession);
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

    /** Zigbee2MQTT on Hearth's own broker, with a client id of its MQTT.js kind. */
    static NativeClient zigbee2mqtt(HubFixture hub, String user, String password, String deviceList, Predicate<String> reaches)
            throws MqttException {
        return zigbee2mqtt(hub.brokerUri(), "mqttjs_" + UUID.randomUUID().toString().substring(0, 8), user, password, true,
                deviceList, reaches);
    }

    /** A Tasmota plug: its retained LWT, and the answer to a POWER command on its stat/ topic. */
    static NativeClient tasmotaPlug(String uri, String user, String password, String tasmotaTopic) throws MqttException {
        NativeClient plug = NativeClient.connect(uri, "DVES_" + UUID.randomUUID().toString().substring(0, 6), user, password,
                "tele/" + tasmotaTopic + "/LWT", "Offline");
        plug.onMessage((topic, payload) -> plug.publishLater("stat/" + tasmotaTopic + "/RESULT", "{\"POWER\":\"" + payload + "\"}"));
        plug.subscribe("cmnd/" + tasmotaTopic + "/#");
        plug.publish("tele/" + tasmotaTopic + "/LWT", "Online", true);
        return plug;
    }
}
