package dev.hearth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API tells the time by the hub's clock, the one Hub.start was given, not the system's. */
class HubClockIT {
    /** Years from the system's time, so that a controller on the system clock would answer otherwise. */
    private static final Instant HUB_NOW = Instant.parse("2040-01-01T00:00:00Z");

    @Test
    void defaultRangesEndAtTheHubsNow(@TempDir Path folder) throws Exception {
        try (HubFixture hub = HubFixture.startOn(new MutableClock(HUB_NOW), folder)) {
            JsonNode history = hub.getJson("/api/devices/" + HubFixture.BED + "/history?attribute=occupant");
            assertThat(history.path("to").asText()).isEqualTo("2040-01-01T00:00:00Z");
            assertThat(history.path("from").asText()).isEqualTo("2039-12-31T23:00:00Z");

            // before the hub's now, after the system's: only a range that ends at the hub's now holds it
            HttpResponse<String> traces = hub.get("/api/traces?from=2039-12-31T23:30:00Z");
            assertThat(traces.statusCode()).as(traces.body()).isEqualTo(200);
        }
    }
}
