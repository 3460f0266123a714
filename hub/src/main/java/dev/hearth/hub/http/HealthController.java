package dev.hearth.hub.http;

import dev.hearth.hub.bridges.BrokerLinks;
import dev.hearth.hub.cluster.ClusterStatus;
import dev.hearth.hub.rules.RulesService;
import dev.hearth.hub.storage.StorageWriter;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Open to all, for probes. {@code /health/live}: the process answers. {@code /health/ready} (and
 * {@code /health}): the database answers, the storage writer is alive and not stuck, and no rule is
 * refused; 503 otherwise, with which check failed. A broker of {@code bridges:} that is away makes the hub
 * {@code DEGRADED}, still 200: the hub and its other devices work, and restarting it would not bring that broker back.
 * So does, in cluster mode, a Kafka that does not take the hub's events (they wait in a bounded queue meanwhile).
 */
@ApiResponse(responseCode = "200", description = "up", content = @Content(mediaType = "application/json", schema = @Schema(implementation = HealthController.Health.class)))
@Controller("/health")
public final class HealthController {
    private final StorageWriter storageWriter;
    private final RulesService rules;
    private final BrokerLinks bridges;
    private final ClusterStatus cluster;

    public HealthController(StorageWriter storageWriter, RulesService rules, BrokerLinks bridges, ClusterStatus cluster) {
        this.storageWriter = storageWriter;
        this.rules = rules;
        this.bridges = bridges;
        this.cluster = cluster;
    }

    @ApiResponse(responseCode = "200", description = "ready", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Health.class)))
    @ApiResponse(responseCode = "503", description = "a check failed (named in checks)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Health.class)))
    @Get
    public HttpResponse<Health> health() {
        return ready();
    }

    @Get("/live")
    public HttpResponse<Health> live() {
        return HttpResponse.ok(new Health("UP", Map.of()));
    }

    @ApiResponse(responseCode = "200", description = "ready", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Health.class)))
    @ApiResponse(responseCode = "503", description = "a check failed (named in checks)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Health.class)))
    @Get("/ready")
    public HttpResponse<Health> ready() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("broker", "UP"); // the HTTP API starts only after the broker and its security extension
        checks.put("database", storageWriter.databaseAnswers() ? "UP" : "DOWN");
        StorageWriter.Health writer = storageWriter.health();
        checks.put("storage-writer", writer == StorageWriter.Health.UP ? "UP" : "DOWN (" + writer.name().toLowerCase(Locale.ROOT) + ")");
        int refused = rules.lastErrors().size();
        checks.put("rules", refused == 0 ? "UP" : "DOWN (" + refused + " error(s) in the rules files, see /api/rules)");
        boolean up = checks.values().stream().allMatch(value -> value.startsWith("UP"));
        boolean othersUp = true;
        if (cluster.enabled()) {
            checks.put("cluster", cluster.problem().map(problem -> "DOWN (" + problem + ")").orElse("UP"));
            othersUp = cluster.problem().isEmpty();
        }
        for (Map.Entry<String, Optional<String>> bridge : bridges.health().entrySet()) {
            checks.put("bridge:" + bridge.getKey(), bridge.getValue().map(problem -> "DOWN (" + problem + ")").orElse("UP"));
            othersUp &= bridge.getValue().isEmpty();
        }
        Health health = new Health(!up ? "DOWN" : othersUp ? "UP" : "DEGRADED", checks);
        return up ? HttpResponse.ok(health) : HttpResponse.<Health>serverError(health).status(503);
    }

    public record Health(String status, Map<String, String> checks) {
    }
}
