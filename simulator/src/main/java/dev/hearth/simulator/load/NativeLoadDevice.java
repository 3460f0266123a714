package dev.hearth.simulator.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.device.NoDelaySocketFactory;
import dev.hearth.simulator.firmware.Firmware;
import dev.hearth.simulator.firmware.Publish;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A native login in a load run, on MQTT 3.1.1 as the firmware is: its will, and on connecting what the firmware says
 * then (a bridge's state and retained device list, each device's hello, not counted as sent), then its
 * {@link Firmware#measurement} for each reading. A Zigbee2MQTT bridge speaks for all its devices on one connection.
 * An MQTT 3.1.1 PUBACK carries no reason: a payload the hub refuses is acknowledged all the same (the hub's
 * {@code hearth_messages_rejected_total} says).
 */
final class NativeLoadDevice implements LoadConnection {
    private final Credentials login;
    private final List<Firmware> devices;
    private final LoadStats stats;
    private final MqttAsyncClient client;
    private final InFlight inFlight;
    private final AtomicBoolean connected = new AtomicBoolean();
    private volatile boolean closing;

    /** @throws IllegalStateException when Paho refuses the client (a bad URI) */
    NativeLoadDevice(String serverUri, Credentials login, List<Firmware> devices, LoadStats stats) {
        this.login = login;
        this.devices = List.copyOf(devices);
        this.stats = stats;
        try {
            this.client = new MqttAsyncClient(serverUri, devices.get(0).clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        this.inFlight = new InFlight(stats, login.deviceId());
        client.setCallback(new Callback());
    }

    @Override
    public CompletableFuture<Void> connect(boolean plainTcp) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(login.deviceId());
        options.setPassword(login.password().toCharArray());
        options.setCleanSession(true);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(30);
        List<Publish> hello = hello();
        options.setMaxInflight(InFlight.MAX_IN_FLIGHT + hello.size()); // the hello goes at once, besides the window
        Publish will = devices.get(0).will();
        options.setWill(will.topic(), bytes(will.payload()), 1, will.retained());
        if (plainTcp) {
            options.setSocketFactory(new NoDelaySocketFactory());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    send(hello);
                    connected.set(true);
                    stats.connected(devices.size());
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    stats.error(login.deviceId() + " could not connect: " + exception.getMessage());
                    done.complete(null);
                }
            });
        } catch (MqttException e) {
            stats.error(login.deviceId() + " could not connect: " + e.getMessage());
            done.complete(null);
        }
        return done;
    }

    /** A bridge's device list goes first, so that the hub knows the devices its states name. */
    private List<Publish> hello() {
        List<Publish> hello = new ArrayList<>(devices.get(0).sessionHello(devices));
        devices.forEach(device -> hello.addAll(device.hello(JsonNodeFactory.instance.objectNode())));
        return hello;
    }

    private void send(List<Publish> messages) {
        for (Publish message : messages) {
            try {
                client.publish(message.topic(), bytes(message.payload()), 1, message.retained());
            } catch (MqttException e) {
                stats.error(login.deviceId() + ": " + message.topic() + " not sent: " + e.getMessage());
            }
        }
    }

    @Override
    public boolean tryPublish(int member, long seq, int qos) {
        if (!connected.get() || !inFlight.begin()) {
            return false;
        }
        Publish reading = devices.get(member).measurement(LoadConnection.value(seq));
        long start = System.nanoTime();
        try {
            client.publish(reading.topic(), bytes(reading.payload()), qos, false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    inFlight.acknowledged(start, qos);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    inFlight.failed("publish failed: " + exception.getMessage());
                }
            });
        } catch (MqttException | RuntimeException e) {
            inFlight.failed("publish failed: " + e.getMessage());
        }
        return true; // it counted as sent
    }

    /** Says its will itself (a bridge: offline; a plug: Offline), as a firmware restarting cleanly does. */
    @Override
    public void close() {
        closing = true;
        try {
            if (connected.get()) {
                Publish will = devices.get(0).will();
                client.publish(will.topic(), bytes(will.payload()), 1, will.retained()).waitForCompletion(2_000);
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException ignored) {
            // going away anyway
        } finally {
            if (connected.getAndSet(false)) {
                stats.disconnected(devices.size());
            }
            try {
                client.close(true);
            } catch (MqttException ignored) {
                // already closed
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            if (!closing && connected.getAndSet(false)) {
                stats.disconnected(devices.size());
                stats.error(login.deviceId() + " lost its connection: " + cause.getMessage());
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // a load login subscribes to nothing
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // counted per publish
        }
    }
}
