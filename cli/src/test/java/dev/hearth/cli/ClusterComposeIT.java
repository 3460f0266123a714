package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.cluster.ClusterCommand;
import dev.hearth.cluster.ClusterSerdes;
import dev.hearth.cluster.KafkaBroker;
import dev.hearth.hub.HubFixture;
import dev.hearth.hub.ReadmeExamples;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/cluster/compose.yml, run without Docker (there is none here): its services started as processes on loopback
 * with the commands and environment the file gives them, then the README's scenario command against hub-a. The kafka
 * service is a {@link KafkaBroker} (its KAFKA_* settings checked against what one broker-and-controller node needs),
 * postgres is an embedded PostgreSQL that wants the password compose gives it, and each hearth service is
 * {@code hearth <command...>} in a JVM of its own, with only the service's HEARTH_* variables.
 * <p>
 * Rewritten, and nothing else: in the environment, {@code kafka:9092} (the broker's advertised listener) becomes the
 * test broker's address, {@code postgres:5432} the embedded server's, {@code 0.0.0.0} {@code 127.0.0.1}, and a value
 * that is one of the service's published container ports a free port of its own (both hubs listen on 1883 inside their
 * containers); a path under one of the service's volumes becomes that volume's folder here (a bind mount's source, or a
 * folder per named volume); {@code ${HEARTH_DB_PASSWORD}} comes from this test, as from the user's shell; in the
 * README's command, a published host port becomes that service's free port. Left over host names fail the test, as
 * does a path outside every volume, a missing service or a command that does not start.
 */
class ClusterComposeIT {
    private static final Path COMPOSE = HubFixture.repositoryFile("deploy/cluster/compose.yml");
    private static final String PASSWORD = "it-" + UUID.randomUUID();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern STATE_CHANGE = Pattern.compile("worker [\\w.-]+: [A-Z_]+ -> [A-Z_]+$");

    @TempDir
    Path folder;

    @Test
    void theComposeFilesClusterRunsTheMorningCoffeeScenarioWithTheRuleOnAWorker() throws Exception {
        ComposeFile compose = ComposeFile.read(COMPOSE, Map.of("HEARTH_DB_PASSWORD", PASSWORD));
        assertThat(compose.services().keySet()).containsExactlyInAnyOrder(
                "kafka", "postgres", "worker-1", "worker-2", "worker-3", "hub-a", "hub-b");
        assertThat(compose.variablesUsed()).containsExactly("HEARTH_DB_PASSWORD");
        ComposeFile.Service kafkaService = compose.service("kafka");
        String kafkaAddress = checkSingleNodeKafka(kafkaService);
        ComposeFile.Service postgresService = compose.service("postgres");
        assertThat(postgresService.image()).isEqualTo("postgres:15");

        Map<String, Process> started = new LinkedHashMap<>();
        Map<String, Path> logs = new LinkedHashMap<>();
        try (KafkaBroker kafka = KafkaBroker.start(folder.resolve("kafka"));
             EmbeddedPostgres postgres = startPostgres(postgresService.environment())) {
            Map<String, String> addresses = Map.of(kafkaAddress, kafka.bootstrapServers(),
                    "postgres:5432", "localhost:" + postgres.getPort(), "0.0.0.0", "127.0.0.1");
            Map<String, Map<Integer, Integer>> freePorts = new LinkedHashMap<>(); // service -> container port -> here
            for (ComposeFile.Service service : compose.inStartOrder()) {
                if (service == kafkaService || service == postgresService) {
                    continue; // started above, each ready when its start returned (compose: service_healthy)
                }
                assertThat(service.node().path("build").path("dockerfile").asText()).as(service.name()).isEqualTo("deploy/Containerfile");
                assertThat(COMPOSE.getParent().resolve(service.node().path("build").path("context").asText())
                        .resolve("deploy/Containerfile")).as(service.name()).exists();
                Map<Integer, Integer> ports = new LinkedHashMap<>();
                for (int containerPort : service.ports().values()) {
                    ports.put(containerPort, HearthProcess.freePort());
                }
                freePorts.put(service.name(), ports);
                Map<String, String> environment = new LinkedHashMap<>();
                service.environment().forEach((name, value) ->
                        environment.put(name, rewrite(service, value, addresses, ports)));
                List<String> command = service.command().stream().map(word -> rewrite(service, word, addresses, ports)).toList();
                for (Map.Entry<String, String> dependency : service.dependsOn().entrySet()) {
                    if (dependency.getValue().equals("service_healthy") && freePorts.containsKey(dependency.getKey())) {
                        awaitHealthy(compose.service(dependency.getKey()), freePorts.get(dependency.getKey()), logs, started);
                    }
                }
                Path log = folder.resolve(service.name() + ".log");
                logs.put(service.name(), log);
                System.out.println(service.name() + ": hearth " + String.join(" ", command) + " " + environment.keySet());
                started.put(service.name(), HearthProcess.startService(Files.createDirectories(folder.resolve("cwd").resolve(service.name())),
                        log, environment, command.toArray(String[]::new)));
            }
            // docker compose up --wait: every service with a healthcheck healthy
            for (String hub : List.of("hub-a", "hub-b")) {
                awaitHealthy(compose.service(hub), freePorts.get(hub), logs, started);
            }
            // the workers have no healthcheck (no listener to ask): their logs say when they run
            for (String worker : List.of("worker-1", "worker-2", "worker-3")) {
                await(worker + " runs; its log: " + logs.get(worker)).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                        .failFast(worker + " stopped; its log: " + logs.get(worker), () -> !started.get(worker).isAlive())
                        .until(() -> Files.readString(logs.get(worker)).contains("Hearth worker started")
                                && Files.readString(logs.get(worker)).contains("REBALANCING -> RUNNING"));
            }
            awaitStableGroup(logs);

            List<String> readme = readmeCommands();
            assertThat(readme).hasSize(2);
            assertThat(readme.get(0)).isEqualTo("HEARTH_DB_PASSWORD=change-me docker compose -f deploy/cluster/compose.yml up -d --wait");
            HearthProcess.Result scenario = HearthProcess.runIn(repository(),
                    arguments(publishedToFree(readme.get(1), compose, freePorts)));
            System.out.println(scenario.stdout() + scenario.stderr());
            assertThat(scenario.exitCode()).as(scenario.stdout() + scenario.stderr()).isZero();
            assertThat(scenario.stdout()).contains("PASSED").contains("received 'brew'");

            List<ClusterCommand> brews = committedCommands(kafka, "coffee-1", "brew");
            assertThat(brews).as("brew, once, sent by a worker").hasSize(1);
            long ruleRuns = logs.entrySet().stream().filter(log -> log.getKey().startsWith("worker-"))
                    .mapToLong(log -> count(log.getValue(), "rule 'morning-coffee' (")).sum();
            assertThat(ruleRuns).as("the rule ran once, on a worker").isEqualTo(1);
            assertThat(logs.entrySet().stream().filter(log -> log.getKey().startsWith("hub-"))
                    .mapToLong(log -> count(log.getValue(), "rule 'morning-coffee' (")).sum()).as("no hub runs rules").isZero();
            assertThat(tablesOf(postgres, postgresService.environment())).as("the hubs' store is the shared PostgreSQL")
                    .contains("flyway_schema_history");
        } catch (Throwable failure) { // the logs are in a @TempDir that goes with the test: their ends go with the failure
            for (Path log : logs.values()) {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
                System.out.println("--- " + log.getFileName() + ", its end:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
            throw failure;
        } finally {
            List<Process> processes = new ArrayList<>(started.values());
            for (int i = processes.size() - 1; i >= 0; i--) { // the hubs first, then the workers, as compose down
                processes.get(i).destroy();
                processes.get(i).waitFor();
            }
        }
    }

    /** The kafka service's KAFKA_X_Y settings (the image's x.y): one node, broker and controller; its listener's address. */
    private static String checkSingleNodeKafka(ComposeFile.Service kafka) {
        assertThat(kafka.image()).startsWith("apache/kafka:");
        Map<String, String> settings = new LinkedHashMap<>();
        kafka.environment().forEach((name, value) -> {
            assertThat(name).startsWith("KAFKA_");
            settings.put(name.substring("KAFKA_".length()).toLowerCase().replace('_', '.'), value);
        });
        assertThat(settings).containsEntry("process.roles", "broker,controller").containsEntry("node.id", "1")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("controller.quorum.voters", "1@kafka:9093")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("auto.create.topics.enable", "false");
        Matcher advertised = Pattern.compile("PLAINTEXT://([^,]+)").matcher(settings.getOrDefault("advertised.listeners", ""));
        assertThat(advertised.find()).as("KAFKA_ADVERTISED_LISTENERS names a PLAINTEXT listener").isTrue();
        return advertised.group(1);
    }

    /**
     * PostgreSQL as the postgres:15 image makes it from POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB, and wanting
     * that password on TCP (zonky's default trusts every login, which would let a wrong or missing one through).
     */
    private EmbeddedPostgres startPostgres(Map<String, String> environment) throws Exception {
        Path hba = Files.writeString(folder.resolve("pg_hba.conf"), """
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 md5
                host all all ::1/128 md5
                """);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("hba_file", hba.toString()).start();
        try (Connection admin = postgres.getPostgresDatabase().getConnection(); var statement = admin.createStatement()) {
            String user = environment.get("POSTGRES_USER");
            statement.execute("CREATE ROLE \"" + user + "\" LOGIN PASSWORD '" + environment.get("POSTGRES_PASSWORD") + "'");
            statement.execute("CREATE DATABASE \"" + environment.get("POSTGRES_DB") + "\" OWNER \"" + user + "\"");
        }
        return postgres;
    }

    private static List<String> tablesOf(EmbeddedPostgres postgres, Map<String, String> environment) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + environment.get("POSTGRES_DB"),
                environment.get("POSTGRES_USER"), environment.get("POSTGRES_PASSWORD"));
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    /** One environment value or command word of a service, from the container's world to loopback (see the class). */
    private String rewrite(ComposeFile.Service service, String value, Map<String, String> addresses, Map<Integer, Integer> ports) {
        String addressed = value;
        for (Map.Entry<String, String> address : addresses.entrySet()) {
            addressed = addressed.replace(address.getKey(), address.getValue());
        }
        String result = addressed;
        if (result.matches("\\d+") && ports.containsKey(Integer.parseInt(result))) {
            return String.valueOf(ports.get(Integer.parseInt(result)));
        }
        if (result.startsWith("/")) {
            Map.Entry<String, String> volume = service.volumes().entrySet().stream()
                    .filter(mount -> result.equals(mount.getKey()) || result.startsWith(mount.getKey() + "/"))
                    .max(Comparator.comparingInt(mount -> mount.getKey().length()))
                    .orElseThrow(() -> new AssertionError(service.name() + ": " + value + " is on no volume of the service"));
            String source = volume.getValue();
            Path here = source.startsWith(".") ? COMPOSE.getParent().resolve(source).normalize()
                    : createDirectories(folder.resolve("volumes").resolve(source)); // docker makes a named volume
            return here + result.substring(volume.getKey().length());
        }
        for (String host : List.of("kafka", "postgres", "hub-a", "hub-b", "worker-1", "worker-2", "worker-3")) {
            assertThat(result).as(service.name() + ": " + value + " names a host that is not rewritten")
                    .doesNotContainPattern("(^|[/@,])" + Pattern.quote(host) + ":");
        }
        return result;
    }

    private static Path createDirectories(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void awaitHealthy(ComposeFile.Service service, Map<Integer, Integer> ports, Map<String, Path> logs,
                              Map<String, Process> started) {
        List<String> test = service.healthcheck();
        assertThat(test).as(service.name() + "'s healthcheck").startsWith("CMD", "curl");
        String url = test.stream().filter(word -> word.startsWith("http://127.0.0.1:")).findFirst()
                .orElseThrow(() -> new AssertionError(service.name() + "'s healthcheck asks no http://127.0.0.1: url: " + test));
        Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)(/.*)").matcher(url);
        assertThat(port.matches()).isTrue();
        Integer here = ports.get(Integer.parseInt(port.group(1)));
        assertThat(here).as(service.name() + "'s healthcheck asks a port it does not publish: " + url).isNotNull();
        await(service.name() + " healthy (" + url + "); its log: " + logs.get(service.name()))
                .atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .failFast(service.name() + " stopped; its log: " + logs.get(service.name()), () -> !started.get(service.name()).isAlive())
                .until(() -> HearthProcess.get(here, port.group(2), null).statusCode() == 200);
    }

    /**
     * Three workers joining one after another rebalance a few times; the scenario runs once no log has changed state
     * for a while (a rebalance would only delay its events, but its 4 s expectation would see the delay).
     */
    private static void awaitStableGroup(Map<String, Path> logs) {
        AtomicInteger lastTransitions = new AtomicInteger(-1);
        await("the workers' group settled").atMost(START_TIMEOUT).pollInterval(Duration.ofSeconds(3)).until(() -> {
            int transitions = 0;
            for (Map.Entry<String, Path> log : logs.entrySet()) {
                if (log.getKey().startsWith("worker-")) {
                    transitions += stateChanges(log.getValue()).size();
                }
            }
            return lastTransitions.getAndSet(transitions) == transitions && allRunning(logs);
        });
    }

    private static boolean allRunning(Map<String, Path> logs) throws Exception {
        for (Map.Entry<String, Path> log : logs.entrySet()) {
            if (log.getKey().startsWith("worker-")) {
                List<String> transitions = stateChanges(log.getValue());
                if (transitions.isEmpty() || !transitions.get(transitions.size() - 1).contains("-> RUNNING")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A worker's log lines {@code worker <application>: FROM -> TO}. */
    private static List<String> stateChanges(Path log) throws java.io.IOException {
        return Files.readAllLines(log).stream().filter(line -> STATE_CHANGE.matcher(line).find()).toList();
    }

    /** The README block that runs deploy/cluster/compose.yml: its commands. */
    private static List<String> readmeCommands() throws Exception {
        return ReadmeExamples.blocks("## Beyond one machine (cluster mode, on Kafka)").stream()
                .filter(block -> block.contains("deploy/cluster/compose.yml"))
                .findFirst().map(ReadmeExamples::commands)
                .orElseThrow(() -> new AssertionError("no README block runs deploy/cluster/compose.yml"));
    }

    /** {@code 127.0.0.1:<published port>} in a command: that service's free port here. */
    private static String publishedToFree(String command, ComposeFile compose, Map<String, Map<Integer, Integer>> freePorts) {
        Matcher published = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(command);
        StringBuilder out = new StringBuilder();
        while (published.find()) {
            int hostPort = Integer.parseInt(published.group(1));
            String here = compose.services().values().stream().filter(service -> service.ports().containsKey(hostPort))
                    .findFirst().map(service -> String.valueOf(freePorts.get(service.name()).get(service.ports().get(hostPort))))
                    .orElseThrow(() -> new AssertionError("no service publishes port " + hostPort + ": " + command));
            published.appendReplacement(out, "127.0.0.1:" + here);
        }
        published.appendTail(out);
        return out.toString();
    }

    /** A README line {@code deploy/hearth ARGS  # comment} as hearth's arguments. */
    private static String[] arguments(String line) {
        String command = line.replaceAll("\\s+#.*$", "");
        assertThat(command).startsWith("deploy/hearth ");
        return command.substring("deploy/hearth ".length()).trim().split("\\s+");
    }

    private static Path repository() {
        return HubFixture.repositoryFile("README.md").getParent();
    }

    /** The commands for {@code device} named {@code command} that Kafka committed (read_committed), after 3 s of quiet. */
    private static List<ClusterCommand> committedCommands(KafkaBroker kafka, String device, String command) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "compose-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ClusterCommand> found = new ArrayList<>();
        try (KafkaConsumer<String, ClusterCommand> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                ClusterSerdes.commands().deserializer())) {
            consumer.subscribe(List.of("hearth.commands"));
            long quietSince = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ClusterCommand> record : consumer.poll(Duration.ofMillis(500))) {
                    quietSince = System.nanoTime();
                    if (record.value().deviceId().equals(device) && record.value().command().equals(command)) {
                        found.add(record.value());
                    }
                }
            }
        }
        return found;
    }

    private static long count(Path log, String text) {
        try {
            return Files.readAllLines(log).stream().filter(line -> line.contains(text)).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
