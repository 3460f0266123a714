package dev.hearth.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerSettingsTest {
    @TempDir
    Path dir;

    @Test
    void environmentNamesTheKafkaAndTheRestHasDefaults() {
        WorkerSettings settings = WorkerSettings.fromEnvironment(Map.of("HEARTH_CLUSTER_BOOTSTRAP_SERVERS", "kafka-1:9092",
                "HEARTH_CLUSTER_TOPIC_PREFIX", "home"));

        assertThat(settings.bootstrapServers()).isEqualTo("kafka-1:9092");
        assertThat(settings.applicationId()).isEqualTo("home-workers");
        assertThat(settings.topics().events()).isEqualTo("home.events");
        assertThat(settings.rules()).isEqualTo(Path.of("rules"));
        assertThat(settings.standbyReplicas()).isOne();
    }

    @Test
    void withoutAKafkaTheEnvironmentSaysWhichVariableIsMissing() {
        assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of()))
                .hasMessageContaining("HEARTH_CLUSTER_BOOTSTRAP_SERVERS");
    }

    @Test
    void rulesThatDoNotLoadStopTheWorkerWithTheirPlace() throws Exception {
        Path rules = java.nio.file.Files.writeString(dir.resolve("bad.yaml"), """
                rules:
                  - id: broken
                    when: [ { state: bed-1.occupant, to: awake, for: soon } ]
                    then: [ { command: coffee-1.brew } ]
                """);

        assertThatThrownBy(() -> Worker.start(WorkerSettings.of("127.0.0.1:9", "bad", rules, dir.resolve("state"))))
                .isInstanceOf(WorkerStartException.class)
                .hasMessageContaining(rules + ":3:");
    }
}
