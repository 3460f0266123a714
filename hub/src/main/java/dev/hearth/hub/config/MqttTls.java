package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An MQTT-over-TLS listener beside the plain one. The key and certificate come from a PKCS12 or
 * JKS keystore; from PEM files make one with openssl (recipe in the README).
 */
public record MqttTls(int port, Path keystore, String keystorePassword, String keyPassword) {
    public static final int DEFAULT_PORT = 8883;

    public MqttTls {
        Ports.require(port, "mqtt.tls.port");
        if (keystore == null) {
            throw new IllegalArgumentException("mqtt.tls.keystore is required (a PKCS12 or JKS file with the hub's key and certificate)");
        }
        if (keystorePassword == null) {
            throw new IllegalArgumentException("mqtt.tls.keystore-password is required");
        }
        Objects.requireNonNull(keyPassword, "keyPassword");
    }

    /** As written in the config; without a key-password the key has the keystore's. */
    @JsonCreator
    public static MqttTls of(@JsonProperty("port") Integer port, @JsonProperty("keystore") Path keystore,
                             @JsonProperty("keystore-password") String keystorePassword,
                             @JsonProperty("key-password") String keyPassword) {
        return new MqttTls(port == null ? DEFAULT_PORT : port, keystore, keystorePassword,
                keyPassword == null ? keystorePassword : keyPassword);
    }

    MqttTls resolvedAgainst(Path baseDirectory) {
        return new MqttTls(port, baseDirectory.resolve(keystore).normalize(), keystorePassword, keyPassword);
    }
}
