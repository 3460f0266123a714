package dev.hearth.hub.http;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import dev.hearth.hub.metrics.HubMetrics;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** Prometheus scrapes here (with a read-only token: `authorization: { credentials: ... }` in its config). */
@ApiResponse(responseCode = "401", description = "no valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@SecurityRequirement(name = "token")
@Controller("/metrics")
public final class MetricsController {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HubMetrics metrics;

    public MetricsController(HubMetrics metrics) {
        this.metrics = metrics;
    }

    @ApiResponse(responseCode = "200", description = "Prometheus text", content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    @Get
    public HttpResponse<String> scrape() {
        return HttpResponse.ok(metrics.scrape()).contentType(PROMETHEUS_TEXT);
    }
}
