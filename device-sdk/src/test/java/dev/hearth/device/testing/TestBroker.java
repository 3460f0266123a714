package dev.hearth.device.testing;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An embedded HiveMQ CE on a free 127.0.0.1 port, in-memory, in a temp folder. Starting takes
 * ~3 s and stopping ~4 s, so share one per test class ({@link BrokerExtension}).
 *
 * <p>Clients named in {@code passwords} must give that password (else CONNACK 134, bad user
 * name or password); every other client is let in, as an embedded HiveMQ without an
 * authenticator would.
 */
public final class TestBroker implements AutoCloseable {
    private final EmbeddedHiveMQ hivemq;
    private final Path folder;
    private final int port;
    private final Map<String, String> passwords;
    private final Optional<Tls> tls;
    private boolean stopped;

    /**
     * A TLS listener beside the TCP one: {@code keyStore} (PKCS12/JKS) holds the broker's key and
     * certificate; with a {@code trustStore}, clients must present a certificate it trusts.
     */
    public record Tls(int port, Path keyStore, String password, Optional<Path> trustStore) {
    }

    private TestBroker(EmbeddedHiveMQ hivemq, Path folder, int port, Map<String, String> passwords, Optional<Tls> tls) {
        this.hivemq = hivemq;
        this.folder = folder;
        this.port = port;
        this.passwords = passwords;
        this.tls = tls;
    }

    public static TestBroker start() {
        return start(Map.of());
    }

    public static TestBroker start(Map<String, String> passwords) {
        return start(freePort(), passwords);
    }

    /** On a given port, e.g. to stand in for a broker that went away. */
    public static TestBroker start(int port, Map<String, String> passwords) {
        return start(port, passwords, Optional.empty());
    }

    /** With a TLS listener on {@code tls.port()} too. */
    public static TestBroker startWithTls(Tls tls) {
        return start(freePort(), Map.of(), Optional.of(tls));
    }

    private static TestBroker start(int port, Map<String, String> passwords, Optional<Tls> tls) {
        Path folder;
        try {
            folder = Files.createTempDirectory("hearth-test-broker");
            Path conf = Files.createDirectories(folder.resolve("conf"));
            Files.createDirectories(folder.resolve("data"));
            Files.createDirectories(folder.resolve("extensions"));
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                      <listeners>
                        <tcp-listener>
                          <port>%d</port>
                          <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                        %s
                      </listeners>
                      <mqtt>
                        <queued-messages>
                          <!-- the default, 1000, discards beyond: tests drain bursts of thousands to one subscriber -->
                          <max-queue-size>100000</max-queue-size>
                        </queued-messages>
                      </mqtt>
                      <anonymous-usage-statistics>
                        <enabled>false</enabled>
                      </anonymous-usage-statistics>
                      <persistence>
                        <mode>in-memory</mode>
                      </persistence>
                    </hivemq>
                    """.formatted(port, tls.map(TestBroker::tlsListener).orElse("")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CountDownLatch extensionStarted = new CountDownLatch(1);
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(folder.resolve("conf"))
                .withDataFolder(folder.resolve("data"))
                .withExtensionsFolder(folder.resolve("extensions"))
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("test-auth").withName("test passwords").withVersion("1").withPriority(0).withStartPriority(1000)
                        .withExtensionMain(new PasswordsExtension(Map.copyOf(passwords), extensionStarted))
                        .build())
                .withoutLoggingBootstrap()
                .build();
        try {
            hivemq.start().get(60, TimeUnit.SECONDS);
            if (!extensionStarted.await(10, TimeUnit.SECONDS)) {
                hivemq.stop().get(30, TimeUnit.SECONDS);
                throw new IllegalStateException("the test broker's password extension did not start");
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test broker on port " + port, e);
        }
        return new TestBroker(hivemq, folder, port, Map.copyOf(passwords), tls);
    }

    private static String tlsListener(Tls tls) {
        String trust = tls.trustStore().map(t -> """
                <truststore>
                  <path>%s</path>
                  <password>%s</password>
                </truststore>
                <client-authentication-mode>REQUIRED</client-authentication-mode>
                """.formatted(t.toAbsolutePath(), tls.password())).orElse("");
        return """
                <tls-tcp-listener>
                  <port>%d</port>
                  <bind-address>127.0.0.1</bind-address>
                  <tls>
                    <keystore>
                      <path>%s</path>
                      <password>%s</password>
                      <private-key-password>%s</private-key-password>
                    </keystore>
                    %s
                  </tls>
                </tls-tcp-listener>
                """.formatted(tls.port(), tls.keyStore().toAbsolutePath(), tls.password(), tls.password(), trust);
    }

    /** The URI of the TLS listener ({@code ssl://localhost:port}, the name the test certificate carries). */
    public String tlsUri() {
        return "ssl://localhost:" + tls.orElseThrow(() -> new IllegalStateException("no TLS listener")).port();
    }

    /**
     * Stops this broker (clients see the connection drop) and starts a new one on the same port,
     * with the same passwords and an empty memory: no sessions, no retained messages. HiveMQ
     * cannot restart an instance, hence a new one.
     */
    public TestBroker restart() {
        close();
        return start(port, passwords, tls);
    }

    /** A free port on 127.0.0.1, e.g. for a TLS listener. */
    public static int freeLocalPort() {
        return freePort();
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the broker; idempotent. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            hivemq.stop().get(60, TimeUnit.SECONDS);
            hivemq.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the test broker", e);
        } finally {
            deleteQuietly(folder);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    private record PasswordsExtension(Map<String, String> passwords, CountDownLatch started) implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> (SimpleAuthenticator) (auth, out) -> {
                String client = auth.getClientInformation().getClientId();
                String expected = passwords.get(client);
                if (expected == null || expected.equals(password(auth.getConnectPacket().getPassword().orElse(null)))) {
                    out.authenticateSuccessfully();
                } else {
                    out.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
                }
            });
            started.countDown();
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        }

        private static String password(ByteBuffer buffer) {
            if (buffer == null) {
                return null;
            }
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
