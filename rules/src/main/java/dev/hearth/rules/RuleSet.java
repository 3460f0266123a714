package dev.hearth.rules;

import java.util.List;
import java.util.Optional;

/** The rules that run together; ids are unique. */
public record RuleSet(List<Rule> rules) {
    private static final RuleSet EMPTY = new RuleSet(List.of());

    public RuleSet {
        rules = List.copyOf(rules);
        long distinct = rules.stream().map(Rule::id).distinct().count();
        if (distinct != rules.size()) {
            throw new IllegalArgumentException("rule ids must be unique");
        }
    }

    public static RuleSet empty() {
        return EMPTY;
    }

    public Optional<Rule> find(String id) {
        return rules.stream().filter(rule -> rule.id().equals(id)).findFirst();
    }

    public int size() {
        return rules.size();
    }
}
