package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub that starts with a rule it must refuse (here: it names a device not provisioned yet, as
 * in the Raspberry Pi guide's first start) runs every other rule, says so in /api/rules and
 * /health/ready, and takes the refused rule up once its device is provisioned.
 */
class RefusedRulesIT {
    private static final String PORCH_RULE = """
            rules:
              - id: porch-at-dusk
                when:
                  - state: porch-light.on
                    to: false
                then:
                  - command: coffee-1.brew
            """;

    @TempDir
    Path folder;

    @Test
    void theValidRulesRunAndTheRefusedOneLoadsOnceItsDeviceIsProvisioned() throws Exception {
        try (HubFixture hub = HubFixture.start(folder)) {
            // a second file, written before the first load would not see it: start again with it in place
            hub.close();
            Files.writeString(folder.resolve("rules/porch.yaml"), PORCH_RULE);
            try (HubFixture restarted = HubFixture.start(folder)) {
                assertThat(ruleIds(restarted)).containsExactly("morning-coffee");
                JsonNode errors = restarted.getJson("/api/rules").path("loadErrors");
                assertThat(errors.toString()).contains("porch.yaml:4:").contains("porch-light");
                var ready = restarted.send("GET", "/health/ready", null, null);
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("\"rules\":\"DOWN");

                var added = restarted.send("POST", "/api/devices", "{\"id\":\"porch-light\"}", restarted.adminToken);
                assertThat(added.statusCode()).isEqualTo(201);

                await().atMost(Duration.ofSeconds(10)).until(() -> ruleIds(restarted).contains("porch-at-dusk"));
                assertThat(ruleIds(restarted)).containsExactlyInAnyOrder("morning-coffee", "porch-at-dusk");
                assertThat(restarted.getJson("/api/rules").path("loadErrors")).isEmpty();
                assertThat(restarted.send("GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void aMissingRulesFolderIsSaidInHealth() throws Exception {
        HubFixture.start(folder).close();
        try (var files = Files.list(folder.resolve("rules"))) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(folder.resolve("rules"));
        try (HubFixture restarted = HubFixture.start(folder)) {
            var ready = restarted.send("GET", "/health/ready", null, null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(restarted.getJson("/api/rules").path("loadErrors").toString()).contains("no such file or directory");
        }
    }

    private static List<String> ruleIds(HubFixture hub) {
        List<String> ids = new ArrayList<>();
        hub.getJson("/api/rules").path("rules").forEach(rule -> ids.add(rule.path("id").asText()));
        return ids;
    }
}
