package dev.hearth.worker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerSettingsTest {
    @TempDir
    Path dir;

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
