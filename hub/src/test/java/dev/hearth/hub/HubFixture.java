package dev.hearth.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.hub.config.ConfigException;
import dev.hearth.hub.config.HubConfig;
import dev.hearth.hub.config.HubConfigLoader;
import dev.hearth.hub.security.PasswordHasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A real hub on free loopback ports, in a temp folder, with bed-1 and coffee-1 and the deploy/ rules. */
final class HubFixture implements AutoCloseable {
    static final String BED = "bed-1";
    static final String COFFEE = "coffee-1";
    static final String BED_PASSWORD = "bed-1-secret";
    static final String COFFEE_PASSWORD = "coffee-1-secret";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Path folder;
    final Path rulesFolder;
    final Hub hub;

    private HubFixture(Path folder, Path rulesFolder, Hub hub) {
        this.folder = folder;
        this.rulesFolder = rulesFolder;
        this.hub = hub;
    }

    static HubFixture start(Path folder) throws IOException {
        Path rules = Files.createDirectories(folder.resolve("rules"));
        Files.copy(repositoryFile("deploy/rules/morning-coffee.yaml"), rules.resolve("morning-coffee.yaml"));
        Path config = folder.resolve("hearth.yml");
        Files.writeString(config, """
                mqtt: { host: 127.0.0.1, port: 0 }
                http: { host: 127.0.0.1, port: 0 }
                data-dir: data
                rules: rules
                devices:
                  - id: %s
                    password-hash: "%s"
                  - id: %s
                    password-hash: "%s"
                """.formatted(BED, PasswordHasher.hash(BED_PASSWORD), COFFEE, PasswordHasher.hash(COFFEE_PASSWORD)));
        HubConfig hubConfig = HubConfigLoader.load(config);
        return new HubFixture(folder, rules, Hub.start(hubConfig, Clock.systemUTC()));
    }

    /** Files of the checkout, whether Maven runs from the root or from hub/. */
    static Path repositoryFile(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new ConfigException("not found in the checkout: " + relative);
    }

    String brokerUri() {
        return "tcp://127.0.0.1:" + hub.mqttPort();
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        hub.close();
    }
}
