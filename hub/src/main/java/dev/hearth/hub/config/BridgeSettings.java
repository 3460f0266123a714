package dev.hearth.hub.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.wire.DeviceIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A broker the user already runs (Mosquitto with Zigbee2MQTT and Tasmota on it), which Hearth logs in to as an MQTT
 * client to read the native devices of {@code devices} there ({@code bridges:} in hearth.yml). The password is given
 * inline or, better, in a file of its own ({@code password-file}, read at start); it is never in {@link #toString()}.
 * TLS ({@code mqtts://}) trusts the CA of {@code ca-file} (PEM), or the JVM's when left out; {@code client-cert-file}
 * and {@code client-key-file} (PEM, the key PKCS#8) log in with a client certificate.
 */
public record BridgeSettings(String id, URI url, Optional<String> username, Optional<String> password,
                             Optional<Path> passwordFile, Optional<Path> caFile, Optional<Path> clientCertFile,
                             Optional<Path> clientKeyFile, String clientId, List<BridgedDevice> devices) {
    public static final int DEFAULT_PORT = 1883;
    public static final int DEFAULT_TLS_PORT = 8883;

    public BridgeSettings {
        DeviceIds.require(id);
        Objects.requireNonNull(url, "url");
        if (!isTls(url) && !"mqtt".equals(url.getScheme())) {
            throw new IllegalArgumentException("bridge '" + id + "': url '" + url + "' is not an MQTT url; expected"
                    + " mqtt://host:1883 or mqtts://host:8883");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("bridge '" + id + "': url '" + url + "' names no host");
        }
        if (password.isPresent() && passwordFile.isPresent()) {
            throw new IllegalArgumentException("bridge '" + id + "': password and password-file, choose one");
        }
        if ((password.isPresent() || passwordFile.isPresent()) && username.isEmpty()) {
            throw new IllegalArgumentException("bridge '" + id + "': a password goes with a username");
        }
        if (!isTls(url) && (caFile.isPresent() || clientCertFile.isPresent() || clientKeyFile.isPresent())) {
            throw new IllegalArgumentException("bridge '" + id + "': ca-file and client certificates go with an mqtts:// url");
        }
        if (clientCertFile.isPresent() != clientKeyFile.isPresent()) {
            throw new IllegalArgumentException("bridge '" + id + "': client-cert-file and client-key-file go together");
        }
        if (clientId.isEmpty() || clientId.length() > 64) {
            throw new IllegalArgumentException("bridge '" + id + "': client-id must be 1 to 64 characters");
        }
        devices = List.copyOf(devices);
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("bridge '" + id + "' lists no devices; expected the native devices"
                    + " on that broker, e.g. devices: [{ id: z2m, protocol: zigbee2mqtt }]");
        }
        Set<String> seen = new HashSet<>();
        for (BridgedDevice device : devices) {
            if (!seen.add(device.id())) {
                throw new IllegalArgumentException("bridge '" + id + "': device '" + device.id() + "' is listed twice");
            }
        }
    }

    /** As written in hearth.yml; the client id is {@code hearth-<id>} unless given (stable: the broker keeps its session). */
    @JsonCreator
    public static BridgeSettings of(@JsonProperty("id") String id, @JsonProperty("url") String url,
                                    @JsonProperty("username") String username, @JsonProperty("password") String password,
                                    @JsonProperty("password-file") Path passwordFile, @JsonProperty("ca-file") Path caFile,
                                    @JsonProperty("client-cert-file") Path clientCertFile,
                                    @JsonProperty("client-key-file") Path clientKeyFile,
                                    @JsonProperty("client-id") String clientId,
                                    @JsonProperty("devices") List<BridgedDevice> devices) {
        if (url == null) {
            throw new IllegalArgumentException("bridge '" + id + "' needs a url, e.g. mqtt://192.168.1.10:1883");
        }
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bridge '" + id + "': url '" + url + "' is not a url: " + e.getReason());
        }
        return new BridgeSettings(id, parsed, Optional.ofNullable(username), Optional.ofNullable(password),
                Optional.ofNullable(passwordFile), Optional.ofNullable(caFile), Optional.ofNullable(clientCertFile),
                Optional.ofNullable(clientKeyFile), clientId == null ? "hearth-" + id : clientId,
                devices == null ? List.of() : devices);
    }

    private static boolean isTls(URI url) {
        return "mqtts".equals(url.getScheme());
    }

    public boolean tls() {
        return isTls(url);
    }

    /** The broker's address as Paho takes it: {@code tcp://} or {@code ssl://}, with the default port filled in. */
    public String serverUri() {
        int port = url.getPort() > 0 ? url.getPort() : tls() ? DEFAULT_TLS_PORT : DEFAULT_PORT;
        String host = url.getHost().contains(":") && !url.getHost().startsWith("[") ? "[" + url.getHost() + "]" : url.getHost();
        return (tls() ? "ssl://" : "tcp://") + host + ":" + port;
    }

    /** The password, read from its file when it is in one (a trailing newline is not part of it). */
    public Optional<String> resolvePassword() {
        if (password.isPresent()) {
            return password;
        }
        return passwordFile.map(file -> {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("bridge '" + id + "': cannot read password-file " + file, e);
            }
        });
    }

    /** Every file named, made absolute against the config file's folder. */
    BridgeSettings resolvedAgainst(Path baseDirectory) {
        return new BridgeSettings(id, url, username, password, passwordFile.map(baseDirectory::resolve),
                caFile.map(baseDirectory::resolve), clientCertFile.map(baseDirectory::resolve),
                clientKeyFile.map(baseDirectory::resolve), clientId, devices);
    }

    /** The files the bridge reads at start, by their key, for {@link StartupChecks}. */
    List<Named> files() {
        List<Named> files = new java.util.ArrayList<>();
        passwordFile.ifPresent(file -> files.add(new Named("password-file", file)));
        caFile.ifPresent(file -> files.add(new Named("ca-file", file)));
        clientCertFile.ifPresent(file -> files.add(new Named("client-cert-file", file)));
        clientKeyFile.ifPresent(file -> files.add(new Named("client-key-file", file)));
        return files;
    }

    record Named(String key, Path file) {
    }

    @Override
    public String toString() {
        return "BridgeSettings[id=" + id + ", url=" + url + ", username=" + username.orElse("")
                + ", password=" + (password.isPresent() ? "***" : passwordFile.map(file -> "in " + file).orElse("none"))
                + ", clientId=" + clientId + ", devices=" + devices + "]";
    }
}
