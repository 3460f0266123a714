package dev.hearth.hub.http;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import dev.hearth.hub.rules.RulesService;
import dev.hearth.rules.Trace;
import dev.hearth.rules.TraceStore;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The traces of rule runs: of one rule, of a device, or of a time range. */
@ApiResponse(responseCode = "401", description = "no valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@SecurityRequirement(name = "token")
@Controller("/api")
public final class TraceController {
    private final RulesService rules;
    private final TraceStore traces;
    private final Clock clock;

    public TraceController(RulesService rules, TraceStore traces, Clock clock) {
        this.rules = rules;
        this.traces = traces;
        this.clock = clock;
    }

    /** The rule's latest runs, newest first. */
    @ApiResponse(responseCode = "200", description = "its runs, newest first", content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = TraceView.class))))
    @ApiResponse(responseCode = "400", description = "limit out of range", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/rules/{id}/traces")
    public List<TraceView> ruleTraces(@PathVariable String id, @QueryValue Optional<String> limit) {
        if (rules.rules().find(id).isEmpty()) {
            throw NotFound.rule(id);
        }
        return views(traces.byRule(id, TraceQuery.limit(limit)));
    }

    /**
     * Runs that touched a device ({@code ?device=}, any time unless {@code from}/{@code to} narrow it),
     * or that started in a time range ({@code ?from=&to=}, the last hour by default).
     */
    @ApiResponse(responseCode = "200", description = "runs, newest first", content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = TraceView.class))))
    @ApiResponse(responseCode = "400", description = "from, to or limit is wrong", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/traces")
    public List<TraceView> traces(@QueryValue Optional<String> device, @QueryValue Optional<String> from,
                                  @QueryValue Optional<String> to, @QueryValue Optional<String> limit) {
        TraceQuery query = TraceQuery.read(device, from, to, limit, clock.instant());
        TimeRange range = query.range();
        return views(query.device()
                .map(id -> traces.byDevice(id, range.from(), range.to(), query.limit()))
                .orElseGet(() -> traces.between(range.from(), range.to(), query.limit())));
    }

    private static List<TraceView> views(List<Trace> traces) {
        return traces.stream().map(TraceView::of).toList();
    }
}
