package dev.hearth.hub.http;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import dev.hearth.hub.HubServices;
import dev.hearth.hub.storage.HistoryRepository;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApiResponse(responseCode = "401", description = "no valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@SecurityRequirement(name = "token")
@Controller("/api/devices")
public final class DeviceController {
    private static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    private final HubServices hub;
    private final Clock clock = Clock.systemUTC();

    public DeviceController(HubServices hub) {
        this.hub = hub;
    }

    @ApiResponse(responseCode = "200", description = "every device", content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = DeviceView.class))))
    @Get
    public List<DeviceView> list() {
        return hub.devices().snapshots().stream().map(DeviceView::of).toList();
    }

    @ApiResponse(responseCode = "200", description = "the device", content = @Content(mediaType = "application/json", schema = @Schema(implementation = DeviceView.class)))
    @ApiResponse(responseCode = "404", description = "no such device", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/{id}")
    public HttpResponse<?> get(@PathVariable String id) {
        return hub.devices().snapshot(id)
                .<HttpResponse<?>>map(device -> HttpResponse.ok(DeviceView.of(device)))
                .orElseGet(() -> Problem.of(HttpStatus.NOT_FOUND, "no device '" + id + "'"));
    }

    /** The last commands sent to the device (by the API or by rules) and their replies, newest first. */
    @ApiResponse(responseCode = "200", description = "its last commands, newest first", content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = CommandView.class))))
    @ApiResponse(responseCode = "404", description = "no such device", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/{id}/commands")
    public HttpResponse<?> recentCommands(@PathVariable String id) {
        if (hub.devices().snapshot(id).isEmpty()) {
            return Problem.of(HttpStatus.NOT_FOUND, "no device '" + id + "'");
        }
        return HttpResponse.ok(hub.recentCommands().of(id).stream().map(CommandView::of).toList());
    }

    /**
     * {@code ?attribute=temp&from=ISO&to=ISO&bucket=5m}: the last hour unless from/to say
     * otherwise; raw points, or avg/min/max per bucket when a bucket width is given.
     */
    @ApiResponse(responseCode = "200", description = "raw points, or buckets with ?bucket=", content = @Content(mediaType = "application/json", schema = @Schema(implementation = HistoryView.class)))
    @ApiResponse(responseCode = "400", description = "a query parameter is missing or wrong", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such device", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/{id}/history")
    public HttpResponse<?> history(@PathVariable String id, @QueryValue Optional<String> attribute,
                                   @QueryValue Optional<String> from, @QueryValue Optional<String> to,
                                   @QueryValue Optional<String> bucket, @QueryValue Optional<String> limit) {
        if (hub.devices().snapshot(id).isEmpty()) {
            return Problem.of(HttpStatus.NOT_FOUND, "no device '" + id + "'");
        }
        if (attribute.isEmpty() || attribute.get().isBlank()) {
            return Problem.of(HttpStatus.BAD_REQUEST, "query parameter 'attribute' is required, e.g. ?attribute=temperature");
        }
        Instant end = to.map(value -> QueryParameters.instant("to", value)).orElse(clock.instant());
        Instant start = from.map(value -> QueryParameters.instant("from", value)).orElse(end.minus(DEFAULT_RANGE));
        Optional<Duration> width = bucket.map(QueryParameters::bucket);
        int maxPoints = QueryParameters.limit(limit, HistoryRepository.MAX_POINTS, HistoryRepository.MAX_POINTS);
        if (!start.isBefore(end)) {
            return Problem.of(HttpStatus.BAD_REQUEST, "'from' must be before 'to'");
        }
        HistoryRepository history = hub.history();
        String name = attribute.get();
        if (width.isPresent()) {
            List<HistoryView.Bucket> buckets = history.buckets(id, name, start, end, width.get()).stream()
                    .map(b -> new HistoryView.Bucket(b.start().toString(), b.avg(), b.min(), b.max(), b.count())).toList();
            return HttpResponse.ok(new HistoryView(id, name, start.toString(), end.toString(), bucket.get(), null, buckets));
        }
        List<HistoryView.Point> points = history.points(id, name, start, end, maxPoints).stream()
                .map(p -> new HistoryView.Point(p.at().toString(), p.value())).toList();
        return HttpResponse.ok(new HistoryView(id, name, start.toString(), end.toString(), null, points, null));
    }
}
