package dev.hearth.simulator.link;

import dev.hearth.device.HearthDevice;
import dev.hearth.device.HearthDeviceBuilder;
import dev.hearth.simulator.SimulationContext;
import java.net.URI;
import java.time.Duration;

/**
 * Links over MQTT through the device SDK, or a native firmware's own MQTT 3.1.1 session. {@link #direct()} connects
 * straight to the broker; {@link #withFaults()} puts a cuttable loopback relay in between so scenarios can drop a
 * device's connection abruptly, and makes the device retry every second so it comes back soon after the network does.
 * Each transport owns the native sessions its links open (the devices of one Zigbee2MQTT bridge share one): devices
 * that should share a bridge are opened by one transport; closing it ends the sessions still open.
 */
public final class MqttTransport implements DeviceTransport, AutoCloseable {
    private final boolean relayed;
    private final NativeSessions sessions = new NativeSessions();

    private MqttTransport(boolean relayed) {
        this.relayed = relayed;
    }

    public static MqttTransport direct() {
        return new MqttTransport(false);
    }

    public static MqttTransport withFaults() {
        return new MqttTransport(true);
    }

    @Override
    public void close() {
        sessions.close();
    }

    @Override
    public DeviceLink open(LinkSettings settings, SimulationContext context) {
        if (settings.firmware().isPresent()) {
            return new NativeLink(settings.firmware().get(), settings, context, relayed, sessions);
        }
        URI broker = URI.create(context.serverUri());
        CuttableProxy proxy = relayed && "tcp".equals(broker.getScheme())
                ? new CuttableProxy(broker.getHost(), broker.getPort() < 0 ? 1883 : broker.getPort(), settings.deviceId())
                : null;
        HearthDeviceBuilder builder = HearthDevice.builder()
                .serverUri(proxy == null ? context.serverUri() : proxy.uri())
                .deviceId(settings.deviceId())
                .password(settings.password())
                .meta(settings.meta())
                .initialState(settings.initialState());
        if (proxy != null) {
            builder.maxReconnectDelay(Duration.ofSeconds(1));
        }
        settings.commands().forEach(builder::onCommand);
        return new SdkLink(builder.build(), proxy);
    }

    private record SdkLink(HearthDevice device, CuttableProxy proxy) implements DeviceLink {
        @Override
        public void connect() {
            device.connect();
        }

        @Override
        public void report(com.fasterxml.jackson.databind.node.ObjectNode partial) {
            device.reportState(partial);
        }

        @Override
        public boolean isConnected() {
            return device.isConnected();
        }

        @Override
        public void close() {
            try {
                device.close();
            } finally {
                if (proxy != null) {
                    proxy.close();
                }
            }
        }

        @Override
        public NetworkFaults faults() {
            if (proxy == null) {
                throw new UnsupportedOperationException("device " + device.deviceId()
                        + " is connected directly: use MqttTransport.withFaults() to drop connections");
            }
            return proxy;
        }
    }
}
