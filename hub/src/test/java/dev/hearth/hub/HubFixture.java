package dev.hearth.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.hub.config.ConfigException;
import dev.hearth.hub.config.HubConfig;
import dev.hearth.hub.config.HubConfigLoader;
import dev.hearth.hub.security.PasswordHasher;
import dev.hearth.hub.security.Role;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real hub on free loopback ports, in a temp folder, with bed-1 and coffee-1 and the deploy/ rules. */
public final class HubFixture implements AutoCloseable {
    public static final String BED = "bed-1";
    public static final String COFFEE = "coffee-1";
    public static final String BED_PASSWORD = "bed-1-secret";
    public static final String COFFEE_PASSWORD = "coffee-1-secret";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public final Path folder;
    public final Path rulesFolder;
    public final Path config;
    public final Hub hub;
    public final String adminToken;
    public final String readToken;

    private HubFixture(Path folder, Path rulesFolder, Path config, Hub hub, String adminToken, String readToken) {
        this.folder = folder;
        this.rulesFolder = rulesFolder;
        this.config = config;
        this.hub = hub;
        this.adminToken = adminToken;
        this.readToken = readToken;
    }

    /** A hub of a config file as written (its folder holds its rules and data), with an admin's and a reader's token. */
    public static HubFixture startFrom(Path config) {
        Hub hub = Hub.start(HubConfigLoader.load(config), Clock.systemUTC());
        return new HubFixture(config.getParent(), config.getParent().resolve("rules"), config, hub,
                hub.services().tokens().create("test-admin", Role.ADMIN), hub.services().tokens().create("test-reader", Role.READ_ONLY));
    }

    /** A hub in {@code folder}; when the folder holds a hub's files already, that hub starts again. */
    public static HubFixture start(Path folder) throws IOException {
        return start(folder, "");
    }

    /** With extra settings for the mqtt section, e.g. {@code rate-limit: 5}. */
    public static HubFixture start(Path folder, String mqttSettings) throws IOException {
        return start(folder, mqttSettings, "");
    }

    /** ... and extra top-level settings, e.g. a {@code storage:} section. */
    public static HubFixture start(Path folder, String mqttSettings, String topLevelYaml) throws IOException {
        return start(folder, mqttSettings, topLevelYaml, Files.readString(repositoryFile("deploy/rules/morning-coffee.yaml")));
    }

    /** A new hub whose only rules file holds {@code rulesYaml} instead of deploy/'s morning-coffee. */
    public static HubFixture startWithRules(Path folder, String rulesYaml, String topLevelYaml) throws IOException {
        return start(folder, "", topLevelYaml, rulesYaml, Clock.systemUTC());
    }

    /**
     * A new hub whose only rules file holds {@code rulesYaml}, with more logins after bed-1 and coffee-1:
     * {@code devicesYaml} is items of the {@code devices:} list, e.g. a Tasmota plug's.
     */
    public static HubFixture startWithDevices(Path folder, String rulesYaml, String devicesYaml) throws IOException {
        return start(folder, "", "", rulesYaml, Clock.systemUTC(), devicesYaml);
    }

    /** ... and extra top-level settings, e.g. a {@code homeassistant:} section. */
    public static HubFixture startWithDevices(Path folder, String rulesYaml, String devicesYaml, String topLevelYaml)
            throws IOException {
        return start(folder, "", topLevelYaml, rulesYaml, Clock.systemUTC(), devicesYaml);
    }

    /** A new hub that tells the time by {@code clock}. */
    public static HubFixture startOn(Clock clock, Path folder) throws IOException {
        return start(folder, "", "", Files.readString(repositoryFile("deploy/rules/morning-coffee.yaml")), clock);
    }

    private static HubFixture start(Path folder, String mqttSettings, String topLevelYaml, String rulesYaml) throws IOException {
        return start(folder, mqttSettings, topLevelYaml, rulesYaml, Clock.systemUTC());
    }

    private static HubFixture start(Path folder, String mqttSettings, String topLevelYaml, String rulesYaml, Clock clock)
            throws IOException {
        return start(folder, mqttSettings, topLevelYaml, rulesYaml, clock, "");
    }

    private static HubFixture start(Path folder, String mqttSettings, String topLevelYaml, String rulesYaml, Clock clock,
                                    String devicesYaml) throws IOException {
        Path rules = folder.resolve("rules");
        Path config = folder.resolve("hearth.yml");
        if (Files.exists(config)) {
            Hub hub = Hub.start(HubConfigLoader.load(config), clock);
            String[] tokens = Files.readString(folder.resolve("tokens")).split("\n");
            return new HubFixture(folder, rules, config, hub, tokens[0], tokens[1]);
        }
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("morning-coffee.yaml"), rulesYaml);
        Files.writeString(config, """
                mqtt: { host: 127.0.0.1, port: 0 %s}
                http: { host: 127.0.0.1, port: 0 }
                data-dir: data
                rules: rules
                %s
                devices:
                  - id: %s
                    password-hash: "%s"
                  - id: %s
                    password-hash: "%s"
                %s""".formatted(mqttSettings.isEmpty() ? "" : ", " + mqttSettings + " ", topLevelYaml,
                BED, PasswordHasher.hash(BED_PASSWORD), COFFEE, PasswordHasher.hash(COFFEE_PASSWORD), devicesYaml));
        HubConfig hubConfig = HubConfigLoader.load(config);
        Hub hub = Hub.start(hubConfig, clock);
        String admin = hub.services().tokens().create("test-admin", Role.ADMIN);
        String read = hub.services().tokens().create("test-reader", Role.READ_ONLY);
        Files.writeString(folder.resolve("tokens"), admin + "\n" + read);
        return new HubFixture(folder, rules, config, hub, admin, read);
    }

    /** Files of the checkout, whether Maven runs from the root or from a module (hub/, cli/). */
    public static Path repositoryFile(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new ConfigException("not found in the checkout: " + relative);
    }

    public String brokerUri() {
        return "tcp://127.0.0.1:" + hub.mqttPort();
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, adminToken);
    }

    /** A request as a client would send it; a null token sends none. */
    public HttpResponse<String> send(String method, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return json(response);
    }

    /**
     * One series of GET /metrics, e.g. {@code hearth_messages_rejected_total{reason="too_deep"}};
     * 0 when the hub has not counted it yet.
     */
    public double metric(String series) {
        HttpResponse<String> response = send("GET", "/metrics", null, readToken);
        Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(response.body());
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    /** The counter of publishes and connections refused for {@code reason}. */
    public double rejected(String reason) {
        return metric("hearth_messages_rejected_total{reason=\"" + reason + "\"}");
    }

    public static JsonNode json(HttpResponse<String> response) {
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
