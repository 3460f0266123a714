package dev.hearth.hub.http;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import dev.hearth.hub.events.LiveEvents;
import dev.hearth.hub.security.ApiTokens;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import java.time.Duration;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Live events as Server-Sent Events: {@code state}, {@code availability}, {@code rule-run};
 * {@code ?device=ID} keeps one device's events (and rule runs). A comment at once and then every
 * 15 s keeps proxies from closing a quiet stream. The stream ends when its token is revoked: the
 * token was checked once, when it opened, and a stream that outlived its token would go on
 * showing the house to whoever held it.
 */
@ApiResponse(responseCode = "401", description = "no valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@SecurityRequirement(name = "token")
@Controller("/api/events")
public final class EventsController {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final LiveEvents liveEvents;
    private final ApiTokens tokens;

    public EventsController(LiveEvents liveEvents, ApiTokens tokens) {
        this.liveEvents = liveEvents;
        this.tokens = tokens;
    }

    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<?>> events(HttpRequest<?> request, @QueryValue Optional<String> device) {
        Flux<Event<?>> events = liveEvents.stream()
                .filter(event -> device.isEmpty() || event.device().isEmpty() || event.device().equals(device.get()))
                .map(event -> Event.of(event).name(event.kind()));
        // the first one at once: the response (and a browser's EventSource "open") waits for a first event
        Flux<Event<?>> keepAlive = Flux.interval(Duration.ZERO, KEEP_ALIVE).map(tick -> Event.of("").comment("keep-alive"));
        String token = request.getAttribute(TokenFilter.TOKEN_ATTRIBUTE, String.class).orElseThrow();
        return Flux.merge(events, keepAlive).takeUntilOther(revocationOf(token));
    }

    /** Emits once, when the token is revoked. */
    private Mono<Boolean> revocationOf(String token) {
        return Mono.create(sink -> {
            ApiTokens.Watch watch = tokens.whenRevoked(token, () -> sink.success(true));
            sink.onDispose(watch::close);
        });
    }
}
