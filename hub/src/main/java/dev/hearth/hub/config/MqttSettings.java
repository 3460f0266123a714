package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The MQTT listener of the embedded broker (and a TLS one, when configured). Port 0 picks a free port (tests). */
public record MqttSettings(String host, int port, int maxPacketSize, int maxConnections, int rateLimit,
                           int maxQueuedMessages, Optional<MqttTls> tls, int loginBackoffSeconds) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 1883;
    /** MQTT allows 256 MB; a device's state or telemetry never needs more than this. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 256 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Messages a second per device, bursts up to twice that; far above what a sensor sends. */
    public static final int DEFAULT_RATE_LIMIT = 1_000;
    /**
     * Messages the broker holds for one device that is away or not reading (commands, desired
     * state), the oldest dropped first: a command that waited this long has timed out anyway.
     */
    public static final int DEFAULT_MAX_QUEUED_MESSAGES = 100;
    /**
     * How long logins for a device id (or from an address) are refused after 5 (20) failed ones
     * within a minute; it doubles with each further failure, up to five minutes.
     */
    public static final int DEFAULT_LOGIN_BACKOFF_SECONDS = 1;

    public MqttSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("mqtt.max-connections must be at least 1, got " + maxConnections);
        }
        if (rateLimit < 0) {
            throw new IllegalArgumentException("mqtt.rate-limit must be 0 (no limit) or more messages a second, got " + rateLimit);
        }
        if (maxQueuedMessages < 1) {
            throw new IllegalArgumentException("mqtt.max-queued-messages must be at least 1, got " + maxQueuedMessages);
        }
        if (loginBackoffSeconds < 1 || loginBackoffSeconds > 3600) {
            throw new IllegalArgumentException("mqtt.login-backoff-seconds must be between 1 and 3600, got " + loginBackoffSeconds);
        }
        Ports.require(port, "mqtt.port");
        if (maxPacketSize < 1024 || maxPacketSize > 268_435_455) {
            throw new IllegalArgumentException("mqtt.max-packet-size must be between 1024 and 268435455 bytes, got " + maxPacketSize);
        }
    }

    /** As written in the config; a key left out (null) takes its default, and no {@code tls:} means no TLS listener. */
    @JsonCreator
    public static MqttSettings of(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
                                  @JsonProperty("max-packet-size") Integer maxPacketSize,
                                  @JsonProperty("max-connections") Integer maxConnections,
                                  @JsonProperty("rate-limit") Integer rateLimit,
                                  @JsonProperty("max-queued-messages") Integer maxQueuedMessages,
                                  @JsonProperty("tls") MqttTls tls,
                                  @JsonProperty("login-backoff-seconds") Integer loginBackoffSeconds) {
        return new MqttSettings(
                host == null ? DEFAULT_HOST : host,
                port == null ? DEFAULT_PORT : port,
                maxPacketSize == null ? DEFAULT_MAX_PACKET_SIZE : maxPacketSize,
                maxConnections == null ? DEFAULT_MAX_CONNECTIONS : maxConnections,
                rateLimit == null ? DEFAULT_RATE_LIMIT : rateLimit,
                maxQueuedMessages == null ? DEFAULT_MAX_QUEUED_MESSAGES : maxQueuedMessages,
                Optional.ofNullable(tls),
                loginBackoffSeconds == null ? DEFAULT_LOGIN_BACKOFF_SECONDS : loginBackoffSeconds);
    }

    public static MqttSettings defaults() {
        return of(null, null, null, null, null, null, null, null);
    }

    public Duration loginBackoff() {
        return Duration.ofSeconds(loginBackoffSeconds);
    }

    MqttSettings resolvedAgainst(Path baseDirectory) {
        return new MqttSettings(host, port, maxPacketSize, maxConnections, rateLimit, maxQueuedMessages,
                tls.map(listener -> listener.resolvedAgainst(baseDirectory)), loginBackoffSeconds);
    }
}
