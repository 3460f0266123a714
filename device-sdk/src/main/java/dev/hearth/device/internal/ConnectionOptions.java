package dev.hearth.device.internal;

import dev.hearth.wire.Availability;
import dev.hearth.wire.Topics;
import java.nio.charset.StandardCharsets;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** Paho's connect options from the device settings; the same for every connection of a device. */
final class ConnectionOptions {
    /** The broker may keep a session at most this long (the MQTT 5 maximum short of "never"). */
    private static final long MAX_SESSION_EXPIRY_S = 0xFFFF_FFFEL;

    private ConnectionOptions() {
    }

    static MqttConnectionOptions of(DeviceSettings settings, SocketFactory plainSockets) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        String id = settings.deviceId();
        o.setUserName(id);
        settings.password().ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        boolean persistent = !settings.sessionExpiry().isZero();
        o.setCleanStart(!persistent);
        if (persistent) { // without an expiry, clean start off still gives no session (STACK.md)
            o.setSessionExpiryInterval(Math.min(settings.sessionExpiry().toSeconds(), MAX_SESSION_EXPIRY_S));
        }
        o.setAutomaticReconnect(false); // ours has jitter, and does not resend what the forwarder resends
        o.setKeepAliveInterval((int) Math.max(1, settings.keepAlive().toSeconds()));
        o.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        MqttMessage will = new MqttMessage(Availability.OFFLINE.wire().getBytes(StandardCharsets.UTF_8), 1, true, null);
        o.setWill(Topics.status(id), will);
        if (settings.serverUri().startsWith("ssl://")) {
            o.setSocketFactory(SecureSockets.from(settings.tls()));
        } else if (settings.serverUri().startsWith("tcp://")) {
            o.setSocketFactory(plainSockets);
        }
        return o;
    }
}
