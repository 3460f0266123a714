package dev.hearth.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One rule as loaded: when any trigger fires and all conditions hold, the actions run in order. */
public record Rule(String id, Optional<String> description, RuleMode mode, List<Trigger> triggers,
                   List<Condition> conditions, List<Action> actions, RuleSource source, RuleOptions options) {
    public Rule {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(mode, "mode");
        triggers = List.copyOf(triggers);
        conditions = List.copyOf(conditions);
        actions = List.copyOf(actions);
        Objects.requireNonNull(source, "source");
        if (triggers.isEmpty()) {
            throw new IllegalArgumentException("rule '" + id + "' needs at least one trigger");
        }
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("rule '" + id + "' needs at least one action");
        }
    }

    public Rule(String id, Optional<String> description, RuleMode mode, List<Trigger> triggers,
                List<Condition> conditions, List<Action> actions, RuleSource source) {
        this(id, description, mode, triggers, conditions, actions, source, RuleOptions.DEFAULTS);
    }

    /** Every action of the rule, nested ones included, in the order written (a parent before its children). */
    public List<Action> allActions() {
        List<Action> all = new ArrayList<>();
        addWithChildren(actions, all);
        return all;
    }

    private static void addWithChildren(List<Action> actions, List<Action> all) {
        for (Action action : actions) {
            all.add(action);
            addWithChildren(action.children(), all);
        }
    }
}
