package dev.hearth.hub.config;

import java.nio.file.Path;

/**
 * An MQTT-over-TLS listener beside the plain one. The key and certificate come from a PKCS12 or
 * JKS keystore; from PEM files make one with openssl (recipe in the README).
 */
public record MqttTls(Integer port, Path keystore, String keystorePassword, String keyPassword) {
    public static final int DEFAULT_PORT = 8883;

    public MqttTls {
        port = port == null ? DEFAULT_PORT : port;
        Ports.require(port, "mqtt.tls.port");
        if (keystore == null) {
            throw new IllegalArgumentException("mqtt.tls.keystore is required (a PKCS12 or JKS file with the hub's key and certificate)");
        }
        if (keystorePassword == null) {
            throw new IllegalArgumentException("mqtt.tls.keystore-password is required");
        }
        keyPassword = keyPassword == null ? keystorePassword : keyPassword;
    }

    MqttTls resolvedAgainst(Path baseDirectory) {
        return new MqttTls(port, baseDirectory.resolve(keystore).normalize(), keystorePassword, keyPassword);
    }
}
