package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.device.HearthDevice;
import dev.hearth.hub.security.PasswordHasher;
import dev.hearth.wire.CommandReply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as shaded (the other ITs run the classes): without RocksDB's natives and with sqlite-jdbc's and
 * JNA's only for the machines the hub runs on (cli/pom.xml's filters), it starts the hub and a rule fires.
 */
class HearthJarIT {
    private static final Path JAR = Path.of("target", "hearth.jar");
    /** The folders SqliteNative.PLATFORMS names in the hub's sentence for a machine without one. */
    private static final List<String> SQLITE_NATIVES = List.of(
            "Linux/x86_64/libsqlitejdbc.so", "Linux/aarch64/libsqlitejdbc.so", "Linux/arm/libsqlitejdbc.so",
            "Linux/armv6/libsqlitejdbc.so", "Linux/armv7/libsqlitejdbc.so",
            "Linux-Musl/x86_64/libsqlitejdbc.so", "Linux-Musl/aarch64/libsqlitejdbc.so",
            "Mac/x86_64/libsqlitejdbc.dylib", "Mac/aarch64/libsqlitejdbc.dylib",
            "Windows/x86_64/sqlitejdbc.dll", "Windows/aarch64/sqlitejdbc.dll");
    private static final List<String> JNA_NATIVES = List.of(
            "linux-x86-64/libjnidispatch.so", "linux-aarch64/libjnidispatch.so", "linux-arm/libjnidispatch.so",
            "linux-armel/libjnidispatch.so", "darwin-x86-64/libjnidispatch.jnilib",
            "darwin-aarch64/libjnidispatch.jnilib", "win32-x86-64/jnidispatch.dll", "win32-aarch64/jnidispatch.dll");

    @TempDir
    Path folder;

    @Test
    void theJarCarriesTheNativesTheHubAndTheWorkerLoadAndNoOthers() throws IOException {
        assertThat(JAR).as("built by the package phase").isRegularFile();
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names.stream().filter(name -> name.contains("librocksdbjni")))
                    .as("RocksDB's natives for hearth worker's stores, on the servers a cluster runs on; the hub loads none")
                    .containsExactlyInAnyOrder("librocksdbjni-linux64.so", "librocksdbjni-linux-aarch64.so");
            assertThat(names).contains("org/rocksdb/RocksDB.class");
            assertThat(names.stream().filter(name -> name.startsWith("org/sqlite/native/") && !name.endsWith("/"))
                    .map(name -> name.substring("org/sqlite/native/".length())))
                    .filteredOn(name -> !name.endsWith(".properties"))
                    .containsExactlyInAnyOrderElementsOf(SQLITE_NATIVES);
            assertThat(names.stream().filter(name -> name.matches("com/sun/jna/[^/]+/[^/]*jnidispatch[^/]*"))
                    .map(name -> name.substring("com/sun/jna/".length())))
                    .containsExactlyInAnyOrderElementsOf(JNA_NATIVES);
        }
    }

    @Test
    void theJarStartsTheHubAndTheMorningCoffeeRuleFires() throws Exception {
        int mqttPort = HearthProcess.freePort();
        int httpPort = HearthProcess.freePort();
        Files.createDirectories(folder.resolve("rules"));
        Files.writeString(folder.resolve("rules/morning-coffee.yaml"), """
                rules:
                  - id: morning-coffee
                    when:
                      - state: bed-1.occupant
                        to: awake
                    then:
                      - command: coffee-1.brew
                        args: { cups: 1 }
                """);
        Path config = Files.writeString(folder.resolve("hearth.yml"), """
                mqtt: { host: 127.0.0.1, port: %d }
                http: { host: 127.0.0.1, port: %d }
                data-dir: data
                rules: rules
                devices:
                  - { id: bed-1, password-hash: "%s" }
                  - { id: coffee-1, password-hash: "%s" }
                """.formatted(mqttPort, httpPort, PasswordHasher.hash("bed-1-secret"), PasswordHasher.hash("coffee-1-secret")));
        Process hub = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toString(), "hub", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("hub.log").toFile()).start();
        String broker = "tcp://127.0.0.1:" + mqttPort;
        List<Object> brews = new CopyOnWriteArrayList<>();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready")).build();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            try (HearthDevice bed = HearthDevice.builder().serverUri(broker).deviceId("bed-1").password("bed-1-secret")
                         .initialState(Map.of("occupant", "asleep")).build();
                 HearthDevice coffee = HearthDevice.builder().serverUri(broker).deviceId("coffee-1").password("coffee-1-secret")
                         .onCommand("brew", command -> {
                             brews.add(command.args());
                             return CommandReply.success(null);
                         }).build()) {
                coffee.connect();
                bed.connect();
                bed.reportState(Map.of("occupant", "awake"));
                await().atMost(Duration.ofSeconds(10)).until(() -> !brews.isEmpty());
            }
            assertThat(brews).singleElement().hasToString("{\"cups\":1}");
        } finally {
            hub.destroy(); // SIGTERM, as systemd stops it
            if (!hub.waitFor(30, TimeUnit.SECONDS)) {
                hub.destroyForcibly().waitFor();
            }
        }
        assertThat(Files.readString(folder.resolve("hub.log"))).doesNotContain("Exception");
    }
}
