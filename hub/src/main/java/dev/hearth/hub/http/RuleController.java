package dev.hearth.hub.http;

import dev.hearth.hub.rules.RulesService;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.List;

@Controller("/api/rules")
public final class RuleController {
    private final RulesService rules;

    public RuleController(RulesService rules) {
        this.rules = rules;
    }

    /** The running rules, and the errors of the last reload if it was refused. */
    @Get
    public RulesView list() {
        return new RulesView(
                rules.rules().rules().stream()
                        .map(rule -> RuleView.of(rule, rules.lastRuns().of(rule.id()))).toList(),
                rules.lastErrors().stream().map(Object::toString).toList());
    }

    public record RulesView(List<RuleView> rules, List<String> loadErrors) {
    }
}
