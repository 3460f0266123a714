package dev.hearth.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hearth.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Reads one value from the hub's HTTP API, without blocking the caller's thread. */
final class HubApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI base;
    private final Optional<String> token;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    HubApi(URI base, Optional<String> token, Clock clock) {
        this.base = base;
        this.token = token;
        this.clock = clock;
    }

    CompletableFuture<Observations.TimedValue> read(String path, String pointer) {
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1) : base.toString();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(root + path)).timeout(TIMEOUT)
                .header("Accept", "application/json").GET();
        token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
        HttpRequest request = builder.build();
        // what the hub showed when asked: a slow answer on a busy machine still speaks of that moment
        Instant asked = clock.instant();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            if (failure != null) {
                return new Observations.TimedValue(asked, MissingNode.getInstance(), Optional.of("unreachable (" + failure.getMessage() + ")"));
            }
            if (response.statusCode() != 200) {
                return new Observations.TimedValue(asked, MissingNode.getInstance(), Optional.of("HTTP " + response.statusCode()));
            }
            try {
                JsonNode body = WireJson.mapper().readTree(response.body());
                return new Observations.TimedValue(asked, body.at(pointer));
            } catch (java.io.IOException e) {
                return new Observations.TimedValue(asked, MissingNode.getInstance(), Optional.of("not JSON"));
            }
        });
    }
}
