package dev.hearth.cli;

import dev.hearth.cluster.TopicSetup;
import dev.hearth.rules.RuleSet;
import dev.hearth.worker.Worker;
import dev.hearth.worker.WorkerSettings;
import dev.hearth.worker.WorkerStartException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run a rule worker of a cluster: the rules on the hubs' events from Kafka, until SIGTERM or Ctrl-C."
                + " Workers with one --topic-prefix share the work; when one stops, the others take it over.")
final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", required = true,
            defaultValue = "${env:HEARTH_CLUSTER_BOOTSTRAP_SERVERS}",
            description = "The cluster's Kafka (env HEARTH_CLUSTER_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "${env:HEARTH_CLUSTER_TOPIC_PREFIX:-hearth}",
            description = "The hubs' cluster.topic-prefix (env HEARTH_CLUSTER_TOPIC_PREFIX, default ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--rules", paramLabel = "PATH", defaultValue = "${env:HEARTH_WORKER_RULES:-rules}",
            description = "The rules folder or file, loaded at start (env HEARTH_WORKER_RULES, default ${DEFAULT-VALUE}).")
    Path rules;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:HEARTH_WORKER_STATE_DIR:-data/worker}",
            description = "Where its tasks' stores live; rebuilt from Kafka when lost (env HEARTH_WORKER_STATE_DIR, default ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "${env:HEARTH_CLUSTER_PARTITIONS:-12}",
            description = "Partitions of the topics when this worker creates them (the most workers that can share the"
                    + " work; env HEARTH_CLUSTER_PARTITIONS, default ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws InterruptedException {
        WorkerSettings settings = WorkerSettings.of(bootstrapServers, topicPrefix, rules, stateDir);
        Worker worker;
        RuleSet rules;
        try {
            rules = Worker.loadRules(settings); // before Kafka is asked anything: a rule file that does not load says so at once
        } catch (WorkerStartException e) {
            System.err.println("hearth: " + e.getMessage());
            return 1;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<String> created = TopicSetup.ensure(admin, settings.topics(), partitions);
            if (!created.isEmpty()) {
                System.out.println("created " + created + " with " + partitions + " partitions");
            }
            worker = Worker.start(settings, rules);
        } catch (IllegalStateException | KafkaException e) { // Kafka unreachable or refusing: say why, no trace
            System.err.println("hearth: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Hearth worker stopping...");
            worker.close();
            System.out.println("Hearth worker stopped");
        }, "worker-shutdown"));
        System.out.println("Hearth worker started: " + settings.applicationId() + " on " + settings.topics().events());
        worker.awaitShutdown();
        return 0;
    }
}
