package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.cluster.ClusterEvent;
import dev.hearth.cluster.ClusterJson;
import dev.hearth.cluster.ClusterTopics;
import dev.hearth.cluster.KafkaBroker;
import dev.hearth.hub.security.PasswordHasher;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover proof (issue 16, item 5) through the real parts: a KRaft broker, three `hearth worker` and two
 * `hearth hub` JVMs, and 300 devices that are plain Paho clients on 30 sites (so the sites spread over the 12
 * partitions), half on each hub. Every device has the rule "motion on for 10 s → its light on". 150 devices hold
 * motion for 12 s, 150 let go after 5 s; between 6 and 9 s (seeded by {@code -Dfailover.seed}) one worker is killed
 * with {@code kill -9}, so its holds are pending and, at a random millisecond, sometimes in a 100 ms commit. Per run
 * (fresh topics and workers; {@code -Dfailover.runs}, 2 by default): exactly one command per holding device, none for
 * the others, read on the commands topic {@code read_committed} and counted where the devices received them; each
 * device's {@code seq} never goes backwards in the workers' device-state changelog (read {@code read_committed}: what
 * the workers committed, in the order they processed it, across owners); each command's latency from its due time.
 * A second test kills a hub while its devices publish.
 */
class FailoverIT {
    private static final int SITES = 30;
    private static final int DEVICES = 300;
    private static final int PARTITIONS = 12;
    private static final long HOLD_MS = 10_000;
    private static final long BRIEF_MS = 5_000;
    private static final long HELD_MS = 12_000;
    /** The workers' session timeout (the failover delay) plus a generous allowance for the takeover and restore. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(6).plusSeconds(30);
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Kept when a test fails: the broker's, workers' and hubs' logs of every run. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path folder;

    @Test
    void aWorkerKilledWhileHoldsArePendingLosesNoCommandAndSendsNoneTwice() throws Exception {
        long seed = Long.getLong("failover.seed", System.nanoTime());
        int runs = Integer.getInteger("failover.runs", 2);
        System.out.printf("failover: seed %d (-Dfailover.seed=%d repeats it), %d runs%n", seed, seed, runs);
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        try (KafkaBroker kafka = KafkaBroker.start(folder.resolve("kafka"))) {
            for (int run = 1; run <= runs; run++) {
                RunResult result = workerKillRun(kafka, run, random.nextInt(3), 6_000 + random.nextInt(3_001));
                System.out.println("failover: " + result.summary());
                latencies.addAll(result.latencies());
                if (!result.problems().isEmpty()) {
                    failures.add("run " + run + ": " + String.join("; ", result.problems()));
                }
            }
        }
        System.out.printf("failover: %d of %d runs passed; command latency after its due time over all runs: %s%n",
                runs - failures.size(), runs, percentiles(latencies));
        assertThat(failures).as("runs that failed (seed %d; logs in %s)", seed, folder).isEmpty();
    }

    @Test
    void aHubKilledWhileItsDevicesPublishLosesNothingItAcknowledged() throws Exception {
        ClusterTopics topics = ClusterTopics.withPrefix("hubkill");
        try (KafkaBroker kafka = KafkaBroker.start(folder.resolve("kafka"));
             EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            kafka.createTopics(PARTITIONS, topics.all().toArray(String[]::new));
            // both hubs store in one PostgreSQL, through their storage sinks: what a device was told was stored must be there
            try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
                admin.createStatement().execute("CREATE DATABASE hearth");
            }
            String storage = "{ url: \"%s\", user: postgres, password: postgres }".formatted(postgres.getJdbcUrl("postgres", "hearth"));
            try (Fleet fleet = Fleet.start(folder.resolve("hubkill"), kafka, "hubkill", storage)) {
                long start = System.currentTimeMillis();
                long killed = -1;
                int tick = 0;
                // each 100 ms a tenth of the devices publish: 300 messages a second; the kill lands mid-stream
                while (System.currentTimeMillis() - start < 8_000 || !fleet.allConnected()) {
                    assertThat(System.currentTimeMillis() - start).as("devices back on the other hub; not yet: %s",
                            fleet.disconnected()).isLessThan(120_000);
                    int slice = tick++ % 10;
                    fleet.devices().stream().filter(d -> Integer.parseInt(d.id().substring(1)) % 10 == slice)
                            .forEach(FleetDevice::heartbeat);
                    if (killed < 0 && System.currentTimeMillis() - start >= 3_000) {
                        fleet.killHub(0);
                        killed = System.currentTimeMillis();
                    }
                    Thread.sleep(100);
                }
                Thread.sleep(3_000); // the last PUBACKs; nothing to wait for on the wire
                Map<String, Map<Long, Integer>> stored = new HashMap<>();
                Map<String, String> lastHub = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : CommittedTopic.readAll(kafka.bootstrapServers(), topics.events())) {
                    ClusterEvent event = ClusterJson.readEvent(record.value());
                    if (event instanceof ClusterEvent.StateChanged changed && changed.attribute().equals("seq")) {
                        stored.computeIfAbsent(changed.deviceId(), id -> new HashMap<>())
                                .merge(changed.current().asLong(), 1, Integer::sum);
                        lastHub.put(changed.deviceId(), changed.hub());
                    }
                }
                long acknowledged = 0;
                long lost = 0;
                long twice = 0;
                for (FleetDevice device : fleet.devices()) {
                    Map<Long, Integer> counts = stored.getOrDefault(device.id(), Map.of());
                    for (long n : device.acknowledged()) {
                        acknowledged++;
                        int count = counts.getOrDefault(n, 0);
                        lost += count == 0 ? 1 : 0;
                        twice += count > 1 ? 1 : 0;
                    }
                }
                long moved = fleet.devicesOf(0).stream().filter(d -> "hub-b".equals(lastHub.get(d.id()))).count();
                System.out.printf("failover: hub-a killed at %d ms; %d devices reconnected to hub-b; %d messages acknowledged,"
                                + " lost %d, stored twice %d%n", killed - start, moved, acknowledged, lost, twice);
                assertThat(moved).as("hub-a's devices publish through hub-b after the kill").isEqualTo(DEVICES / 2);
                assertThat(lost).as("acknowledged messages missing from %s", topics.events()).isZero();
                long[] missingInHistory = {-1};
                await("every acknowledged message in PostgreSQL's history, written by the hubs' sinks")
                        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                            Map<String, Set<Long>> history = historySeqs(postgres);
                            missingInHistory[0] = fleet.devices().stream().mapToLong(device -> device.acknowledged().stream()
                                    .filter(n -> !history.getOrDefault(device.id(), Set.of()).contains(n)).count()).sum();
                            return missingInHistory[0] == 0;
                        });
                System.out.printf("failover: all %d acknowledged messages in PostgreSQL's history%n", acknowledged);
            }
        }
    }

    /** Each device's {@code seq} values in the history table. */
    private static Map<String, Set<Long>> historySeqs(EmbeddedPostgres postgres) throws Exception {
        Map<String, Set<Long>> seqs = new HashMap<>();
        try (Connection connection = postgres.getDatabase("postgres", "hearth").getConnection();
             ResultSet rows = connection.createStatement().executeQuery("SELECT device_id, fields FROM history")) {
            while (rows.next()) {
                JsonNode seq = JSON.readTree(rows.getString(2)).path("seq");
                if (seq.isNumber()) {
                    seqs.computeIfAbsent(rows.getString(1), id -> new HashSet<>()).add(seq.asLong());
                }
            }
        }
        return seqs;
    }

    /** One run: fresh topics (prefix run-N), three workers and two hubs; worker {@code victim} dies at {@code killAtMs}. */
    private RunResult workerKillRun(KafkaBroker kafka, int run, int victim, long killAtMs) throws Exception {
        String prefix = "run" + run;
        Path dir = folder.resolve(prefix);
        Files.createDirectories(dir);
        Path rules = Files.writeString(dir.resolve("hold.yaml"), holdRules());
        List<Process> workers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            for (int w = 0; w < 3; w++) {
                workers.add(HearthProcess.start(dir.resolve("worker-" + w + ".log"), JVM, "worker",
                        "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", prefix, "--rules", rules.toString(),
                        "--state-dir", dir.resolve("worker-" + w).toString(), "--partitions", String.valueOf(PARTITIONS)));
            }
            String group = prefix + "-workers";
            awaitStableGroup(kafka, group, 3);
            try (Fleet fleet = Fleet.start(dir, kafka, prefix)) {
                List<FleetDevice> devices = fleet.devices();
                devices.forEach(device -> device.report(false));
                await("every device's first report acknowledged").atMost(Duration.ofSeconds(60))
                        .until(() -> devices.stream().allMatch(d -> d.acknowledged().contains(1L)));
                Map<String, Long> holdStart = new HashMap<>();
                long t0 = System.currentTimeMillis();
                for (FleetDevice device : devices) {
                    holdStart.put(device.id(), System.currentTimeMillis());
                    device.report(true);
                }
                TreeMap<Long, List<Runnable>> timeline = new TreeMap<>();
                for (long at = 1_000; at <= HELD_MS + 2_000; at += 1_000) {
                    timeline.computeIfAbsent(at, k -> new ArrayList<>()).add(() -> devices.forEach(FleetDevice::heartbeat));
                }
                timeline.computeIfAbsent(BRIEF_MS, k -> new ArrayList<>())
                        .add(() -> devices.stream().filter(d -> !holds(d)).forEach(d -> d.report(false)));
                timeline.computeIfAbsent(HELD_MS, k -> new ArrayList<>())
                        .add(() -> devices.stream().filter(FailoverIT::holds).forEach(d -> d.report(false)));
                long[] killedAt = {0};
                timeline.computeIfAbsent(killAtMs, k -> new ArrayList<>()).add(0, () -> {
                    workers.get(victim).destroyForcibly(); // SIGKILL
                    killedAt[0] = System.currentTimeMillis() - t0;
                });
                for (var step : timeline.entrySet()) {
                    long wait = t0 + step.getKey() - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    step.getValue().forEach(Runnable::run);
                }
                long holders = devices.stream().filter(FailoverIT::holds).count();
                long deadline = t0 + HOLD_MS + FAILOVER_BOUND.toMillis() + 5_000;
                while (received(devices) < holders && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                Thread.sleep(3_000); // a command sent twice would come now; nothing to wait for on the wire

                List<Long> latencies = new ArrayList<>();
                Map<String, Integer> onTopic = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : CommittedTopic.readAll(kafka.bootstrapServers(),
                        ClusterTopics.withPrefix(prefix).commands())) {
                    onTopic.merge(ClusterJson.readCommand(record.value()).deviceId(), 1, Integer::sum);
                }
                for (FleetDevice device : devices) {
                    int expected = holds(device) ? 1 : 0;
                    int got = device.commands().size();
                    int committed = onTopic.getOrDefault(device.id(), 0);
                    if (got != expected || committed != expected) {
                        problems.add(device.id() + " (" + (holds(device) ? "held" : "let go") + "): received " + got
                                + ", on the commands topic " + committed);
                    }
                    for (FleetDevice.Received command : device.commands()) {
                        long latency = command.atMillis() - (holdStart.get(device.id()) + HOLD_MS);
                        latencies.add(latency);
                        if (latency < 0 || latency > FAILOVER_BOUND.toMillis()) {
                            problems.add(device.id() + ": command " + latency + " ms after its due time");
                        }
                    }
                }
                int changelogRecords = checkSeqOrder(kafka, group + "-device-state-changelog", problems);
                return new RunResult(run, victim, killAtMs, killedAt[0], received(devices), onTopic.values().stream()
                        .mapToInt(Integer::intValue).sum(), changelogRecords, latencies, problems);
            }
        } finally {
            workers.forEach(Process::destroyForcibly);
            for (Process worker : workers) {
                worker.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** Each device's seq in the device-state changelog never goes down; the number of records read. */
    private static int checkSeqOrder(KafkaBroker kafka, String changelog, List<String> problems) throws Exception {
        Map<String, Long> last = new HashMap<>();
        List<ConsumerRecord<String, byte[]>> records = CommittedTopic.readAll(kafka.bootstrapServers(), changelog);
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            JsonNode seq = JSON.readTree(record.value()).path("attributes").path("seq");
            if (!seq.isNumber()) {
                continue;
            }
            Long before = last.put(record.key(), seq.asLong());
            if (before != null && seq.asLong() < before) {
                problems.add(record.key() + ": seq " + seq.asLong() + " after " + before + " at " + changelog + "-"
                        + record.partition() + "@" + record.offset());
            }
        }
        if (last.size() != DEVICES) {
            problems.add(changelog + " holds " + last.size() + " devices, not " + DEVICES);
        }
        return records.size();
    }

    private static void awaitStableGroup(KafkaBroker kafka, String group, int members) {
        try (Admin admin = kafka.admin()) {
            await("the " + members + " workers share the partitions").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                                .get(10, TimeUnit.SECONDS).get(group);
                        return description.groupState() == GroupState.STABLE && description.members().size() == members
                                && description.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
                    });
        }
    }

    private static long received(List<FleetDevice> devices) {
        return devices.stream().mapToLong(d -> d.commands().size()).sum();
    }

    /** Devices 0, 1, 4, 5, 8, ... hold (half of them on each hub, since the hub is the index's parity). */
    private static boolean holds(FleetDevice device) {
        return Integer.parseInt(device.id().substring(1)) % 4 < 2;
    }

    private static String deviceId(int index) {
        return "d%03d".formatted(index);
    }

    private static String siteOf(int index) {
        return "s%02d".formatted(index % SITES);
    }

    private static String holdRules() {
        StringBuilder rules = new StringBuilder("rules:\n");
        for (int i = 0; i < DEVICES; i++) {
            String id = deviceId(i);
            rules.append("""
                      - id: hold-%1$s
                        missed: fire
                        when:
                          - state: %1$s.motion
                            to: true
                            for: 10s
                        then:
                          - command: %1$s.light_on
                            timeout: 60s
                    """.formatted(id));
        }
        return rules.toString();
    }

    private static String percentiles(List<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return "p50 %d ms, p99 %d ms, max %d ms (%d commands)".formatted(sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)), sorted.get(sorted.size() - 1), sorted.size());
    }

    record RunResult(int run, int victim, long killAtMs, long killedAtMs, long received, int committed,
                     int changelogRecords, List<Long> latencies, List<String> problems) {
        String summary() {
            return "run %d: worker-%d killed at %d ms (planned %d); commands received %d, committed %d; %d changelog records in order: %s; latency %s%s"
                    .formatted(run, victim, killedAtMs, killAtMs, received, committed, changelogRecords,
                            problems.stream().noneMatch(p -> p.contains("seq")), percentiles(latencies),
                            problems.isEmpty() ? "; PASS" : "; FAIL: " + problems.subList(0, Math.min(10, problems.size())));
        }
    }

    /** Two hubs in JVMs of their own, each knowing all 300 devices (with their sites), and the devices, half on each. */
    private static final class Fleet implements AutoCloseable {
        private static final Map<String, String> HASHES = new HashMap<>();

        private final List<Process> hubs;
        private final List<FleetDevice> devices;

        private Fleet(List<Process> hubs, List<FleetDevice> devices) {
            this.hubs = hubs;
            this.devices = devices;
        }

        static Fleet start(Path dir, KafkaBroker kafka, String prefix) throws Exception {
            return start(dir, kafka, prefix, null);
        }

        /** With {@code storage} (a hearth.yml {@code storage:} value) for both hubs, or each its own SQLite if null. */
        static Fleet start(Path dir, KafkaBroker kafka, String prefix, String storage) throws Exception {
            List<Process> hubs = new ArrayList<>();
            List<String> uris = new ArrayList<>();
            List<FleetDevice> devices = new ArrayList<>();
            try {
                for (String hub : List.of("hub-a", "hub-b")) {
                    int mqtt = HearthProcess.freePort();
                    int http = HearthProcess.freePort();
                    Path config = writeHubConfig(dir.resolve(hub), mqtt, http, kafka.bootstrapServers(), hub, prefix, storage);
                    hubs.add(HearthProcess.start(dir.resolve(hub + ".log"), JVM, "hub", "--config", config.toString()));
                    uris.add("tcp://127.0.0.1:" + mqtt);
                    await(hub + " ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                            .ignoreExceptions().until(() -> HearthProcess.get(http, "/health/ready", null).statusCode() == 200);
                }
                for (int i = 0; i < DEVICES; i++) {
                    List<String> order = i % 2 == 0 ? uris : List.of(uris.get(1), uris.get(0));
                    devices.add(FleetDevice.connect(deviceId(i), order));
                }
                for (FleetDevice device : devices) {
                    device.awaitSubscribed(Duration.ofSeconds(60));
                }
                return new Fleet(hubs, devices);
            } catch (Exception | AssertionError e) {
                new Fleet(hubs, devices).close();
                throw e;
            }
        }

        List<FleetDevice> devices() {
            return devices;
        }

        /** The devices that first connected to hub {@code index}. */
        List<FleetDevice> devicesOf(int index) {
            return IntStream.range(0, devices.size()).filter(i -> i % 2 == index).mapToObj(devices::get).toList();
        }

        /** The first few devices not connected, with what went wrong last. */
        List<String> disconnected() {
            return devices.stream().filter(d -> !d.connected()).limit(5).map(d -> d.id() + " " + d.lastProblem()).toList();
        }

        boolean allConnected() {
            return devices.stream().allMatch(FleetDevice::connected);
        }

        void killHub(int index) {
            hubs.get(index).destroyForcibly(); // SIGKILL
        }

        @Override
        public void close() {
            hubs.forEach(Process::destroyForcibly);
            devices.forEach(FleetDevice::close);
            for (Process hub : hubs) {
                try {
                    hub.waitFor(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static Path writeHubConfig(Path folder, int mqttPort, int httpPort, String bootstrapServers, String hubId,
                                           String prefix, String storage) throws Exception {
            Files.createDirectories(folder.resolve("rules"));
            StringBuilder devices = new StringBuilder();
            for (int i = 0; i < DEVICES; i++) {
                String id = deviceId(i);
                // the hub's own hash for generated passwords: cheap to check for 300 devices connecting at once
                String hash = HASHES.computeIfAbsent(id, d -> PasswordHasher.hashGenerated(d + "-secret"));
                devices.append("  - { id: ").append(id).append(", password-hash: \"").append(hash)
                        .append("\", site: ").append(siteOf(i)).append(" }\n");
            }
            return Files.writeString(folder.resolve("hearth.yml"), """
                    mqtt: { host: 127.0.0.1, port: %d, rate-limit: 0 }
                    http: { host: 127.0.0.1, port: %d }
                    data-dir: data
                    rules: rules
                    cluster: { bootstrap-servers: "%s", hub-id: %s, topic-prefix: %s }
                    %s
                    devices:
                    %s""".formatted(mqttPort, httpPort, bootstrapServers, hubId, prefix,
                    storage == null ? "" : "storage: " + storage, devices));
        }
    }
}
