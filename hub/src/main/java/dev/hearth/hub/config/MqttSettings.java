package dev.hearth.hub.config;

/** The MQTT listener of the embedded broker. Port 0 picks a free port (tests). */
public record MqttSettings(String host, Integer port, Integer maxPacketSize) {
    public static final int DEFAULT_PORT = 1883;
    /** MQTT allows 256 MB; a device's state or telemetry never needs more than this. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 256 * 1024;

    public MqttSettings {
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? DEFAULT_PORT : port;
        maxPacketSize = maxPacketSize == null ? DEFAULT_MAX_PACKET_SIZE : maxPacketSize;
        Ports.require(port, "mqtt.port");
        if (maxPacketSize < 1024 || maxPacketSize > 268_435_455) {
            throw new IllegalArgumentException("mqtt.max-packet-size must be between 1024 and 268435455 bytes, got " + maxPacketSize);
        }
    }

    public static MqttSettings defaults() {
        return new MqttSettings(null, null, null);
    }
}
