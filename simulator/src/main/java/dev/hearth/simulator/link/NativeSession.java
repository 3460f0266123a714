package dev.hearth.simulator.link;

import dev.hearth.simulator.firmware.Firmware;
import dev.hearth.simulator.firmware.Publish;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final Map<String, NativeSession> OPEN = new ConcurrentHashMap<>();

    private final String key;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final CuttableProxy proxy;
    private final List<NativeLink> members = new CopyOnWriteArrayList<>();

    private NativeSession(String key, String serverUri, boolean relayed, Firmware firmware, String password) throws MqttException {
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

    /** The session of this login (opened and connected if it is the first member), with {@code link} in it. */
    static NativeSession join(String serverUri, boolean relayed, NativeLink link) {
        Firmware firmware = link.firmware();
        String key = serverUri + " " + firmware.user() + " " + firmware.clientId();
        NativeSession session;
        boolean fresh;
        synchronized (OPEN) {
            session = OPEN.get(key);
            fresh = session == null;
            if (fresh) {
                try {
                    session = new NativeSession(key, serverUri, relayed, firmware, link.password());
                } catch (MqttException e) {
                    throw new IllegalStateException("cannot open a session for " + firmware.clientId() + ": " + e.getMessage(), e);
                }
                OPEN.put(key, session);
            }
            session.members.add(link);
            link.attach(session);
        }
        if (fresh) {
            try {
                session.client.connect(session.options).waitForCompletion(10_000);
            } catch (MqttException e) {
                session.leave(link);
                throw new IllegalStateException(firmware.clientId() + " could not connect as " + firmware.user() + ": " + e.getMessage(), e);
            }
        } else {
            session.hello(link);
        }
        return session;
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
        boolean last;
        synchronized (OPEN) {
            members.remove(link);
            last = members.isEmpty();
            if (last) {
                OPEN.remove(key, this);
            }
        }
        if (!last) {
            publish(link.firmware().away());
            return;
        }
        try {
            if (client.isConnected()) {
                Publish will = link.firmware().will();
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

    private void hello(NativeLink link) {
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
