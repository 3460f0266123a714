package dev.hearth.hub.http;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** Open to all: the hub answers only once its broker, security and rules are up. */
@Controller("/health")
public final class HealthController {
    @Get
    public Health health() {
        return new Health("UP");
    }

    public record Health(String status) {
    }
}
