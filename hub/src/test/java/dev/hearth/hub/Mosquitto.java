package dev.hearth.hub;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto (Debian's, which .ci/run installs) as users run it beside Zigbee2MQTT: a loopback port, logins
 * from a password file made with {@code mosquitto_passwd}, persistence on (retained messages and sessions survive
 * {@link #restart()}, as with Debian's default config), and any extra lines (a TLS listener). The test owns the
 * process: {@link #close()} stops it, and {@link #stop()} / {@link #restart()} take the broker away and back on
 * the same port.
 */
final class Mosquitto implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path folder;
    private final Path config;
    final int port;
    private Process process;

    private Mosquitto(Path folder, Path config, int port) {
        this.folder = folder;
        this.config = config;
        this.port = port;
    }

    /** {@code users}: name → password; {@code extraConfig}: more lines of mosquitto.conf (another listener). */
    static Mosquitto start(Path folder, Map<String, String> users, String extraConfig) throws Exception {
        Files.createDirectories(folder.resolve("data"));
        Path passwords = folder.resolve("passwd");
        boolean first = true;
        for (Map.Entry<String, String> user : users.entrySet()) {
            ProcessBuilder passwd = new ProcessBuilder(first
                    ? List.of("mosquitto_passwd", "-b", "-c", passwords.toString(), user.getKey(), user.getValue())
                    : List.of("mosquitto_passwd", "-b", passwords.toString(), user.getKey(), user.getValue()));
            Process made = passwd.redirectErrorStream(true).start();
            if (!made.waitFor(10, TimeUnit.SECONDS) || made.exitValue() != 0) {
                made.destroyForcibly();
                throw new IllegalStateException("mosquitto_passwd failed: " + new String(made.getInputStream().readAllBytes()));
            }
            first = false;
        }
        int port = freePort();
        Path config = folder.resolve("mosquitto.conf");
        Files.writeString(config, """
                # run by the test as whoever runs it (as root, Mosquitto would otherwise switch to its own user)
                user %s
                per_listener_settings false
                allow_anonymous false
                password_file %s
                persistence true
                persistence_location %s/
                log_dest file %s
                log_type all
                listener %d 127.0.0.1
                %s
                """.formatted(System.getProperty("user.name"), passwords, folder.resolve("data"), folder.resolve("mosquitto.log"),
                port, extraConfig));
        Mosquitto mosquitto = new Mosquitto(folder, config, port);
        mosquitto.run();
        return mosquitto;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    private void run() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("mosquitto.out").toFile()).start();
        await("mosquitto listening on " + port).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("mosquitto exited: " + Files.readString(folder.resolve("mosquitto.out")));
                    }
                    return accepts(port);
                });
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, as systemd stops it: it saves its database (sessions, retained messages) and exits. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Started again on the same port, with what it saved. */
    void restart() throws Exception {
        stop();
        run();
    }

    String log() throws IOException {
        Path log = folder.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
