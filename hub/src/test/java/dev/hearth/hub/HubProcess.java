package dev.hearth.hub;

import dev.hearth.hub.config.HubConfigLoader;
import dev.hearth.hub.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A hub in a JVM of its own, as a second machine's: the embedded HiveMQ's extension services are global to a JVM,
 * so two hubs in one JVM would publish each other's commands. It writes its MQTT port, HTTP port and an admin token
 * to a file once it is up.
 */
public final class HubProcess implements AutoCloseable {
    public final int mqttPort;
    public final int httpPort;
    public final String adminToken;
    private final Process process;

    private HubProcess(Process process, List<String> started) {
        this.process = process;
        this.mqttPort = Integer.parseInt(started.get(0));
        this.httpPort = Integer.parseInt(started.get(1));
        this.adminToken = started.get(2);
    }

    /** Starts a hub on {@code config} and waits until it is up. */
    public static HubProcess start(Path config) throws IOException {
        Path started = config.resolveSibling("started");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), HubProcess.class.getName(), config.toString(),
                started.toString()).redirectErrorStream(true).redirectOutput(config.resolveSibling("hub.log").toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("the hub stopped at start: " + Files.readString(config.resolveSibling("hub.log")));
        }
        return new HubProcess(process, Files.readAllLines(started));
    }

    public static void main(String[] args) throws Exception {
        Hub hub = Hub.start(HubConfigLoader.load(Path.of(args[0])), Clock.systemUTC());
        // a name of its own: hubs sharing one database share its tokens too
        String token = hub.services().tokens().create("test-admin-" + ProcessHandle.current().pid(), Role.ADMIN);
        Path written = Path.of(args[1] + ".tmp");
        Files.write(written, List.of(String.valueOf(hub.mqttPort()), String.valueOf(hub.httpPort()), token));
        Files.move(written, Path.of(args[1]));
        Thread.currentThread().join();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void write(Path file, String yaml) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
