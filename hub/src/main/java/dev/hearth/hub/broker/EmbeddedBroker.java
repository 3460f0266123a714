package dev.hearth.hub.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.services.Services;
import dev.hearth.hub.config.MqttSettings;
import dev.hearth.hub.memory.HeapWatermark;
import dev.hearth.hub.security.DeviceRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** HiveMQ CE in the hub's process, with the hub's security extension verified to be running. */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final long START_TIMEOUT_SECONDS = 60;

    /** bcrypt keeps a core busy for ~50 ms a check: half the cores at most, the broker keeps the rest. */
    private static final int PASSWORD_CHECK_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    private final EmbeddedHiveMQ hivemq;
    private final int port;
    private final int tlsPort;
    private final BrokerFigures figures;
    private final ExecutorService passwordChecks;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, int port, int tlsPort, BrokerFigures figures, ExecutorService passwordChecks) {
        this.hivemq = hivemq;
        this.port = port;
        this.tlsPort = tlsPort;
        this.figures = figures;
        this.passwordChecks = passwordChecks;
    }

    public static EmbeddedBroker start(MqttSettings mqtt, Path dataDir, DeviceRegistry registry,
                                       DeviceTraffic traffic, NativeTraffic natives, DevicePresence presence, HeapWatermark heap,
                                       Clock clock) {
        int port = mqtt.port() == 0 ? freePort(mqtt.host()) : mqtt.port();
        requirePortFree(mqtt.host(), port);
        int tlsPort = mqtt.tls().map(tls -> tls.port() == 0 ? freePort(mqtt.host()) : tls.port()).orElse(0);
        if (mqtt.tls().isPresent()) {
            // an unreadable keystore was refused before, by StartupChecks, with the config key that names it
            requirePortFree(mqtt.host(), tlsPort);
        }
        OpenConnections connections = new OpenConnections(mqtt.maxConnections());
        // idle threads end, so a broker that fails to start leaves none behind
        ExecutorService passwordChecks = DeviceAuthenticator.passwordCheckPool(PASSWORD_CHECK_THREADS);
        HearthExtension extension = new HearthExtension(registry, traffic, natives, presence, mqtt, connections, heap, clock,
                passwordChecks);
        EmbeddedHiveMQ hivemq;
        try {
            Path configDir = Files.createDirectories(dataDir.resolve("broker/conf"));
            Files.writeString(configDir.resolve("config.xml"), BrokerConfigXml.render(mqtt, port, tlsPort));
            hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(configDir)
                    .withDataFolder(Files.createDirectories(dataDir.resolve("broker/data")))
                    // an empty folder of our own: no stray extension is ever loaded from disk
                    .withExtensionsFolder(Files.createDirectories(dataDir.resolve("broker/extensions")))
                    .withEmbeddedExtension(EmbeddedExtension.builder()
                            .withId("hearth-security")
                            .withName("Hearth security")
                            .withVersion("1")
                            .withAuthor("Hearth")
                            .withPriority(1000)
                            .withStartPriority(1000)
                            .withExtensionMain(extension)
                            .build())
                    .withoutLoggingBootstrap()
                    .build();
        } catch (IOException e) {
            throw new BrokerStartException("cannot prepare the broker's folders under " + dataDir + ": " + e.getMessage(), e);
        }
        try {
            hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!extension.awaitStarted(10, TimeUnit.SECONDS)) {
                throw new BrokerStartException("the broker started without the Hearth security extension;"
                        + " refusing to run an open broker", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(hivemq);
            throw new BrokerStartException("interrupted while starting the broker", e);
        } catch (ExecutionException | TimeoutException | BrokerStartException e) {
            stopQuietly(hivemq);
            if (e instanceof BrokerStartException refused) {
                throw refused;
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BrokerStartException("MQTT broker failed to start on " + mqtt.host() + ":" + port + ": " + cause.getMessage(), cause);
        }
        LOG.info("MQTT broker listening on {}:{}{}", mqtt.host(), port, tlsPort == 0 ? "" : ", TLS on port " + tlsPort);
        return new EmbeddedBroker(hivemq, port, tlsPort, new BrokerFigures(connections), passwordChecks);
    }

    public int port() {
        return port;
    }

    /** The MQTT-over-TLS port, 0 when there is no TLS listener. */
    public int tlsPort() {
        return tlsPort;
    }

    public BrokerFigures figures() {
        return figures;
    }

    /** Drops a client's connection at once (its access was revoked). */
    public void disconnect(String clientId) {
        Services.clientService().disconnectClient(clientId);
    }

    @Override
    public void close() {
        stopQuietly(hivemq);
        passwordChecks.shutdown();
    }

    private static void stopQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("broker did not stop cleanly: {}", e.toString());
        }
    }

    /**
     * HiveMQ reports a taken port only in its log and leaves threads behind (STACK.md trap 5), so
     * the port is tried first to give the user one clear line.
     */
    private static void requirePortFree(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(InetAddress.getByName(host), port));
        } catch (BindException e) {
            throw new BrokerStartException("MQTT port " + host + ":" + port + " is already in use", e);
        } catch (IOException e) {
            throw new BrokerStartException("cannot listen for MQTT on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BrokerStartException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }
}
