package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/traces?device=} with {@code from}/{@code to}: a device's runs in a time range, from the hub's database. */
class TracesByDeviceIT extends SharedHub {

    @Test
    void fromAndToNarrowADevicesRuns() {
        JsonNode first = dryRunAndWait(1);
        JsonNode second = dryRunAndWait(2);
        Instant firstStarted = Instant.parse(first.path("started").asText());
        Instant secondStarted = Instant.parse(second.path("started").asText());
        assertThat(secondStarted).isAfter(firstStarted);
        assertThat(runIds("/api/traces?device=coffee-1")).containsExactly(id(second), id(first));

        assertThat(runIds("/api/traces?device=coffee-1&from=" + q(secondStarted))).containsExactly(id(second));
        assertThat(runIds("/api/traces?device=coffee-1&to=" + q(secondStarted))).containsExactly(id(first));
        assertThat(runIds("/api/traces?device=coffee-1&from=" + q(firstStarted) + "&to=" + q(secondStarted.plusMillis(1))))
                .containsExactly(id(second), id(first));
        assertThat(runIds("/api/traces?device=coffee-1&from=" + q(secondStarted.plusMillis(1)))).isEmpty();
        assertThat(runIds("/api/traces?device=bed-1&from=" + q(firstStarted))).as("another device's runs").isEmpty();
        assertThat(runIds("/api/traces?device=coffee_1")).as("'_' is part of an id, not a wildcard").isEmpty();

        var backwards = hub.get("/api/traces?device=coffee-1&from=" + q(secondStarted) + "&to=" + q(firstStarted));
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(HubFixture.json(backwards).path("detail").asText()).isEqualTo("'from' must be before 'to'");
    }

    /** A dry run of morning-coffee (it "would have sent brew to coffee-1"), once its trace is stored. */
    private JsonNode dryRunAndWait(int runs) {
        assertThat(hub.send("POST", "/api/rules/morning-coffee/dry-run", null, hub.adminToken).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.getJson("/api/rules/morning-coffee/traces").size() == runs);
        return hub.getJson("/api/rules/morning-coffee/traces").get(0);
    }

    private List<String> runIds(String path) {
        List<String> ids = new ArrayList<>();
        hub.getJson(path).forEach(trace -> ids.add(id(trace)));
        return ids;
    }

    private static String id(JsonNode trace) {
        return trace.path("runId").asText();
    }

    private static String q(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }
}
