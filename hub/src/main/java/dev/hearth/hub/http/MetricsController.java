package dev.hearth.hub.http;

import dev.hearth.hub.HubServices;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** Prometheus scrapes here (with a read-only token: `authorization: { credentials: ... }` in its config). */
@Controller("/metrics")
public final class MetricsController {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HubServices hub;

    public MetricsController(HubServices hub) {
        this.hub = hub;
    }

    @Get
    public HttpResponse<String> scrape() {
        return HttpResponse.ok(hub.metrics().scrape()).contentType(PROMETHEUS_TEXT);
    }
}
