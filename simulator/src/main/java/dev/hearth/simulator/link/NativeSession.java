package dev.hearth.simulator.link;

import dev.hearth.simulator.firmware.Firmware;
import dev.hearth.simulator.firmware.Publish;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One MQTT 3.1.1 connection of a native firmware, shared by the devices that speak through it (a Zigbee2MQTT bridge's;
 * one device otherwise). It reconnects by itself after a cut, and says every member's hello again when it is back.
 */
final class NativeSession implements MqttCallbackExtended {
    private final NativeSessions owner;
    private final String key;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final CuttableProxy proxy;
    private final List<NativeLink> members = new CopyOnWriteArrayList<>();

    private NativeSession(NativeSessions owner, String key, String serverUri, boolean relayed, Firmware firmware, String password)
            throws MqttException {
        this.owner = owner;
        this.key = key;
        URI broker = URI.create(serverUri);
        this.proxy = relayed && "tcp".equals(broker.getScheme())
                ? new CuttableProxy(broker.getHost(), broker.getPort() < 0 ? 1883 : broker.getPort(), firmware.clientId()) : null;
        this.client = new MqttAsyncClient(proxy == null ? serverUri : proxy.uri(), firmware.clientId(), new MemoryPersistence());
        client.setCallback(this);
        options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(1_000);
        options.setConnectionTimeout(5);
        options.setMaxInflight(100);
        options.setUserName(firmware.user());
        options.setPassword(password.toCharArray());
        Publish will = firmware.will();
        options.setWill(will.topic(), bytes(will.payload()), 1, will.retained());
    }

    /** A session of {@code owner}'s, not connected yet, with no member. */
    static NativeSession open(NativeSessions owner, String key, String serverUri, boolean relayed, Firmware firmware,
                              String password) {
        try {
            return new NativeSession(owner, key, serverUri, relayed, firmware, password);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot open a session for " + firmware.clientId() + ": " + e.getMessage(), e);
        }
    }

    void add(NativeLink link) {
        members.add(link);
        link.attach(this);
    }

    /** Connects the new session for its first member; the hello of every member follows in {@link #connectComplete}. */
    void connect(NativeLink first) {
        try {
            client.connect(options).waitForCompletion(10_000);
        } catch (MqttException e) {
            leave(first);
            throw new IllegalStateException(first.firmware().clientId() + " could not connect as " + first.firmware().user()
                    + ": " + e.getMessage(), e);
        }
    }

    boolean isConnected() {
        return client.isConnected();
    }

    CuttableProxy proxy() {
        return proxy;
    }

    void publish(List<Publish> messages) {
        for (Publish message : messages) {
            try {
                MqttMessage mqtt = new MqttMessage(bytes(message.payload()));
                mqtt.setQos(1);
                mqtt.setRetained(message.retained());
                client.publish(message.topic(), mqtt);
            } catch (MqttException e) {
                // not connected: the member's state goes out again with the hello after the reconnect
            }
        }
    }

    /** The member goes; the last one ends the session with its will said by itself (a clean restart). */
    void leave(NativeLink link) {
        if (owner.leave(key, this, members, link)) {
            end(link.firmware());
        } else {
            publish(link.firmware().away());
        }
    }

    /** Ends the session as its owner closes, whoever is still in it. */
    void end() {
        if (!members.isEmpty()) {
            end(members.get(0).firmware());
        }
    }

    private void end(Firmware firmware) {
        try {
            if (client.isConnected()) {
                Publish will = firmware.will();
                MqttMessage goodbye = new MqttMessage(bytes(will.payload()));
                goodbye.setQos(1);
                goodbye.setRetained(will.retained());
                client.publish(will.topic(), goodbye).waitForCompletion(2_000);
                client.disconnect(1_000).waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            // gone already
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                // closing anyway
            }
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    /** A member joining a session that is open already says its hello on it. */
    void hello(NativeLink link) {
        List<Firmware> firmwares = members.stream().map(NativeLink::firmware).toList();
        publish(link.firmware().sessionHello(firmwares));
        subscribe(link);
        link.connected();
    }

    private void subscribe(NativeLink link) {
        for (String filter : link.firmware().subscriptions()) {
            try {
                client.subscribe(filter, 1);
            } catch (MqttException e) {
                // lost meanwhile: subscribed again on the reconnect
            }
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        List<Firmware> firmwares = members.stream().map(NativeLink::firmware).toList();
        if (!firmwares.isEmpty()) {
            publish(firmwares.get(0).sessionHello(firmwares));
        }
        members.forEach(member -> {
            subscribe(member);
            member.connected();
        });
    }

    @Override
    public void connectionLost(Throwable cause) {
        // Paho reconnects by itself
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
        members.forEach(member -> member.received(topic, payload));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
