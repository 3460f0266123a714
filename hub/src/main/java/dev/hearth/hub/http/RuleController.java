package dev.hearth.hub.http;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import dev.hearth.hub.HubServices;
import dev.hearth.rules.Rule;
import dev.hearth.rules.TraceStore;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The running rules, their last runs and traces; admins may enable and disable them. */
@ApiResponse(responseCode = "401", description = "no valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@SecurityRequirement(name = "token")
@Controller("/api")
public final class RuleController {
    private static final int DEFAULT_TRACES = 50;
    private static final int MAX_TRACES = 1_000;

    private final HubServices hub;

    public RuleController(HubServices hub) {
        this.hub = hub;
    }

    /** The running rules, and the errors of the rules files while any rule is refused. */
    @ApiResponse(responseCode = "200", description = "the rules and the refused reload's errors", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RulesView.class)))
    @Get("/rules")
    public RulesView list() {
        return new RulesView(
                hub.rules().rules().rules().stream().map(this::view).toList(),
                hub.rules().lastErrors().stream().map(Object::toString).toList(),
                engineDryRun());
    }

    /** One rule, with its YAML text. */
    @ApiResponse(responseCode = "200", description = "the rule with its YAML", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RuleView.class)))
    @ApiResponse(responseCode = "404", description = "no such rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/rules/{id}")
    public HttpResponse<?> get(@PathVariable String id) {
        return rule(id).<HttpResponse<?>>map(rule -> HttpResponse.ok(view(rule).withYaml(hub.rules().texts().of(id))))
                .orElseGet(() -> Problem.of(HttpStatus.NOT_FOUND, "no rule '" + id + "'"));
    }

    @ApiResponse(responseCode = "200", description = "the rule as asked", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RuleView.class)))
    @ApiResponse(responseCode = "403", description = "the token is read-only", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/rules/{id}/enable")
    public HttpResponse<?> enable(@PathVariable String id) {
        return setEnabled(id, true);
    }

    @ApiResponse(responseCode = "200", description = "the rule as asked", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RuleView.class)))
    @ApiResponse(responseCode = "403", description = "the token is read-only", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/rules/{id}/disable")
    public HttpResponse<?> disable(@PathVariable String id) {
        return setEnabled(id, false);
    }

    /** Runs the rule's actions now, without its triggers and conditions; the trace tells how it went. */
    @ApiResponse(responseCode = "202", description = "the run is under way; see its traces", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunRequested.class)))
    @ApiResponse(responseCode = "403", description = "the token is read-only", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/rules/{id}/run")
    public HttpResponse<?> runNow(@PathVariable String id) {
        return run(id, false);
    }

    /** As run, but only traces what it would do. */
    @ApiResponse(responseCode = "202", description = "the dry run is under way; see its traces", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunRequested.class)))
    @ApiResponse(responseCode = "403", description = "the token is read-only", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/rules/{id}/dry-run")
    public HttpResponse<?> dryRun(@PathVariable String id) {
        return run(id, true);
    }

    /** The rule's latest runs, newest first. */
    @ApiResponse(responseCode = "200", description = "its runs, newest first", content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = TraceView.class))))
    @ApiResponse(responseCode = "400", description = "limit out of range", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/rules/{id}/traces")
    public HttpResponse<?> ruleTraces(@PathVariable String id, @QueryValue Optional<String> limit) {
        if (rule(id).isEmpty()) {
            return Problem.of(HttpStatus.NOT_FOUND, "no rule '" + id + "'");
        }
        return HttpResponse.ok(views(traces().byRule(id, limit(limit))));
    }

    /**
     * Runs that touched a device ({@code ?device=}, any time unless {@code from}/{@code to} narrow it),
     * or that started in a time range ({@code ?from=&to=}, the last hour by default).
     */
    @ApiResponse(responseCode = "200", description = "runs, newest first", content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = TraceView.class))))
    @ApiResponse(responseCode = "400", description = "from, to or limit is wrong", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/traces")
    public HttpResponse<?> traces(@QueryValue Optional<String> device, @QueryValue Optional<String> from,
                                  @QueryValue Optional<String> to, @QueryValue Optional<String> limit) {
        int most = limit(limit);
        if (device.isPresent()) {
            // a device's runs: whenever they started, unless from/to narrow it
            Instant end = to.map(value -> QueryParameters.instant("to", value)).orElse(QueryParameters.LATEST);
            Instant start = from.map(value -> QueryParameters.instant("from", value)).orElse(QueryParameters.EARLIEST);
            requireOrder(start, end);
            return HttpResponse.ok(views(traces().byDevice(device.get(), start, end, most)));
        }
        Instant end = to.map(value -> QueryParameters.instant("to", value)).orElse(Instant.now());
        Instant start = from.map(value -> QueryParameters.instant("from", value)).orElse(end.minusSeconds(3_600));
        requireOrder(start, end);
        return HttpResponse.ok(views(traces().between(start, end, most)));
    }

    private static void requireOrder(Instant start, Instant end) {
        if (!start.isBefore(end)) {
            throw new JsonBody.BadRequest("'from' must be before 'to'");
        }
    }

    private HttpResponse<?> run(String id, boolean dryRun) {
        if (rule(id).isEmpty()) {
            return Problem.of(HttpStatus.NOT_FOUND, "no rule '" + id + "'");
        }
        hub.engine().runNow(id, dryRun);
        return HttpResponse.accepted().body(new RunRequested(id, dryRun, "/api/rules/" + id + "/traces"));
    }

    private HttpResponse<?> setEnabled(String id, boolean enabled) {
        if (rule(id).isEmpty()) {
            return Problem.of(HttpStatus.NOT_FOUND, "no rule '" + id + "'");
        }
        hub.engine().setEnabled(id, enabled);
        // the engine applies it on its own thread a moment later: answer with what was asked
        return HttpResponse.ok(RuleView.of(rule(id).orElseThrow(), enabled, engineDryRun(), hub.rules().lastRuns().of(id)));
    }

    private Optional<Rule> rule(String id) {
        return hub.rules().rules().rules().stream().filter(rule -> rule.id().equals(id)).findFirst();
    }

    private RuleView view(Rule rule) {
        return RuleView.of(rule, hub.engine().isEnabled(rule.id()).orElse(false), engineDryRun(),
                hub.rules().lastRuns().of(rule.id()));
    }

    /** {@code rules-engine.dry-run}: every rule only traces what it would do. */
    private boolean engineDryRun() {
        return hub.engine().settings().dryRun();
    }

    private TraceStore traces() {
        return hub.engine().traces();
    }

    private static List<TraceView> views(List<dev.hearth.rules.Trace> traces) {
        return traces.stream().map(TraceView::of).toList();
    }

    private static int limit(Optional<String> limit) {
        return QueryParameters.limit(limit, DEFAULT_TRACES, MAX_TRACES);
    }

    /** {@code engineDryRun}: the hub's {@code rules-engine.dry-run}, which makes every rule dry. */
    public record RulesView(List<RuleView> rules, List<String> loadErrors, boolean engineDryRun) {
    }

    public record RunRequested(String rule, boolean dryRun, String traces) {
    }
}
