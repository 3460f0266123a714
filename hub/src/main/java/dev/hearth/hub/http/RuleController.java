package dev.hearth.hub.http;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import dev.hearth.hub.cluster.ClusterStatus;
import dev.hearth.hub.rules.RulesService;
import dev.hearth.rules.Rule;
import dev.hearth.rules.RuleEngine;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import java.util.List;

/** The running rules and their last runs; admins may enable, disable and run them. Their traces: {@link TraceController}. */
@ApiResponse(responseCode = "401", description = "no valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@SecurityRequirement(name = "token")
@Controller("/api")
public final class RuleController {
    private final RulesService rules;
    private final RuleEngine engine;
    private final ClusterStatus cluster;

    public RuleController(RulesService rules, RuleEngine engine, ClusterStatus cluster) {
        this.rules = rules;
        this.engine = engine;
        this.cluster = cluster;
    }

    /** The running rules, and the errors of the rules files while any rule is refused; none in cluster mode. */
    @ApiResponse(responseCode = "200", description = "the rules and the refused reload's errors", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RulesView.class)))
    @Get("/rules")
    public RulesView list() {
        return new RulesView(
                rules.rules().rules().stream().map(this::view).toList(),
                rules.lastErrors().stream().map(Object::toString).toList(),
                engineDryRun());
    }

    /** One rule, with its YAML text. */
    @ApiResponse(responseCode = "200", description = "the rule with its YAML", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RuleView.class)))
    @ApiResponse(responseCode = "404", description = "no such rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/rules/{id}")
    public RuleView get(@PathVariable String id) {
        return view(rule(id)).withYaml(rules.texts().of(id));
    }

    @ApiResponse(responseCode = "200", description = "the rule as asked", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RuleView.class)))
    @ApiResponse(responseCode = "403", description = "the token is read-only", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "the hub is in cluster mode: rules run on the workers", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/rules/{id}/enable")
    public RuleView enable(@PathVariable String id) {
        return setEnabled(id, true);
    }

    @ApiResponse(responseCode = "200", description = "the rule as asked", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RuleView.class)))
    @ApiResponse(responseCode = "403", description = "the token is read-only", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "the hub is in cluster mode: rules run on the workers", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/rules/{id}/disable")
    public RuleView disable(@PathVariable String id) {
        return setEnabled(id, false);
    }

    /** Runs the rule's actions now, without its triggers and conditions; the trace tells how it went. */
    @ApiResponse(responseCode = "202", description = "the run is under way; see its traces", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunRequested.class)))
    @ApiResponse(responseCode = "403", description = "the token is read-only", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "the hub is in cluster mode: rules run on the workers", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/rules/{id}/run")
    public HttpResponse<RunRequested> runNow(@PathVariable String id) {
        return run(id, false);
    }

    /** As run, but only traces what it would do. */
    @ApiResponse(responseCode = "202", description = "the dry run is under way; see its traces", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunRequested.class)))
    @ApiResponse(responseCode = "403", description = "the token is read-only", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "the hub is in cluster mode: rules run on the workers", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post("/rules/{id}/dry-run")
    public HttpResponse<RunRequested> dryRun(@PathVariable String id) {
        return run(id, true);
    }

    private HttpResponse<RunRequested> run(String id, boolean dryRun) {
        requireRulesHere();
        rule(id);
        engine.runNow(id, dryRun);
        return HttpResponse.accepted().body(new RunRequested(id, dryRun, "/api/rules/" + id + "/traces"));
    }

    private RuleView setEnabled(String id, boolean enabled) {
        requireRulesHere();
        Rule rule = rule(id);
        engine.setEnabled(id, enabled);
        // the engine applies it on its own thread a moment later: answer with what was asked
        return RuleView.of(rule, enabled, engineDryRun(), rules.lastRuns().of(id));
    }

    /** In cluster mode a rule is the workers': this hub can neither switch nor run it. */
    private void requireRulesHere() {
        if (cluster.enabled()) {
            throw new RulesElsewhere("rules run on the cluster's workers, not in this hub (cluster: in hearth.yml)");
        }
    }

    /** A 409: the request is sound, but this hub does not run rules ({@link ProblemHandlers}). */
    static final class RulesElsewhere extends RuntimeException {
        RulesElsewhere(String message) {
            super(message);
        }
    }

    private Rule rule(String id) {
        return rules.rules().find(id).orElseThrow(() -> NotFound.rule(id));
    }

    private RuleView view(Rule rule) {
        return RuleView.of(rule, engine.isEnabled(rule.id()).orElse(false), engineDryRun(), rules.lastRuns().of(rule.id()));
    }

    /** {@code rules-engine.dry-run}: every rule only traces what it would do. */
    private boolean engineDryRun() {
        return engine.settings().dryRun();
    }

    /** {@code engineDryRun}: the hub's {@code rules-engine.dry-run}, which makes every rule dry. */
    public record RulesView(List<RuleView> rules, List<String> loadErrors, boolean engineDryRun) {
    }

    public record RunRequested(String rule, boolean dryRun, String traces) {
    }
}
