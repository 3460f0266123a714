package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run changes nothing, seen through the HTTP API of a real hub: a rule whose actions enable
 * and disable other rules leaves every rule's enabled flag as it was, whether the run is dry on
 * request ({@code POST /api/rules/{id}/dry-run}) or because the whole engine is
 * ({@code rules-engine.dry-run}, which {@code GET /api/rules} shows).
 */
class DryRunIT {
    private static final String RULES = """
            rules:
              - id: switcher
                when: [ { state: bed-1.occupant, to: awake } ]
                then:
                  - disable: coffee-alarm
                  - enable: night-light
              - id: coffee-alarm
                when: [ { state: coffee-1.status, to: ready } ]
                then: [ { notify: log, message: "coffee is ready" } ]
              - id: night-light
                enabled: false
                when: [ { state: bed-1.occupant, to: asleep } ]
                then: [ { notify: log, message: "good night" } ]
            """;
    private static final Map<String, Boolean> AS_LOADED =
            Map.of("switcher", true, "coffee-alarm", true, "night-light", false);

    @TempDir
    Path folder;

    @Test
    void aDryRunOnRequestEnablesAndDisablesNoRule() throws Exception {
        try (HubFixture hub = HubFixture.startWithRules(folder, RULES, "")) {
            assertThat(enabled(hub)).isEqualTo(AS_LOADED);
            assertThat(hub.getJson("/api/rules").path("engineDryRun").asBoolean(true)).isFalse();

            assertThat(hub.send("POST", "/api/rules/switcher/dry-run", null, hub.adminToken).statusCode()).isEqualTo(202);

            JsonNode trace = finishedTrace(hub);
            // The run has ended, so an enable/disable it made is already applied: the flags are final.
            assertThat(enabled(hub)).isEqualTo(AS_LOADED);
            assertThat(trace.path("outcome").asText()).isEqualTo("completed");
            assertThat(trace.path("steps").findValuesAsText("result")).contains(
                    "would have disabled rule 'coffee-alarm' (dry run)", "would have enabled rule 'night-light' (dry run)");
        }
    }

    @Test
    void aDryEngineShowsInTheRulesListAndEvenARunOnRequestChangesNothing() throws Exception {
        try (HubFixture hub = HubFixture.startWithRules(folder, RULES, "rules-engine: { dry-run: true }")) {
            JsonNode list = hub.getJson("/api/rules");
            assertThat(list.path("engineDryRun").asBoolean()).isTrue();
            assertThat(list.path("rules").findValuesAsText("dryRun")).as("every rule is dry").containsOnly("true").hasSize(3);

            assertThat(hub.send("POST", "/api/rules/switcher/run", null, hub.adminToken).statusCode()).isEqualTo(202);

            JsonNode trace = finishedTrace(hub);
            assertThat(enabled(hub)).isEqualTo(AS_LOADED);
            assertThat(trace.path("steps").findValuesAsText("result")).contains(
                    "would have disabled rule 'coffee-alarm' (dry run)", "would have enabled rule 'night-light' (dry run)");
        }
    }

    private static JsonNode finishedTrace(HubFixture hub) {
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.getJson("/api/rules/switcher/traces").size() == 1);
        return hub.getJson("/api/rules/switcher/traces").get(0);
    }

    private static Map<String, Boolean> enabled(HubFixture hub) {
        Map<String, Boolean> enabled = new LinkedHashMap<>();
        hub.getJson("/api/rules").path("rules")
                .forEach(rule -> enabled.put(rule.path("id").asText(), rule.path("enabled").asBoolean()));
        return enabled;
    }
}
