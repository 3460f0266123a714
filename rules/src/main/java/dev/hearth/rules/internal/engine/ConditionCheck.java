package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.rules.Condition;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Checks a rule's conditions against the current state and the engine's clock. */
final class ConditionCheck {
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("EEE HH:mm:ss", Locale.ROOT);

    private final EngineContext context;

    ConditionCheck(EngineContext context) {
        this.context = context;
    }

    /** Why the first unmet condition is unmet, or empty when all hold. */
    Optional<String> firstUnmet(List<Condition> conditions) {
        for (Condition condition : conditions) {
            Optional<String> unmet = unmet(condition);
            if (unmet.isPresent()) {
                return unmet;
            }
        }
        return Optional.empty();
    }

    private Optional<String> unmet(Condition condition) {
        if (condition instanceof Condition.State state) {
            return unmetState(state);
        }
        if (condition instanceof Condition.Time time) {
            ZonedDateTime now = ZonedDateTime.now(context.clock());
            return time.includes(now) ? Optional.empty()
                    : Optional.of(condition + " not met at " + SHOWN_TIME.format(now));
        }
        throw new IllegalStateException("unhandled condition " + condition);
    }

    private Optional<String> unmetState(Condition.State condition) {
        Optional<JsonNode> actual;
        try {
            actual = context.state().attribute(condition.attribute().deviceId(), condition.attribute().attribute());
            actual = actual == null ? Optional.empty() : actual;
        } catch (RuntimeException e) {
            return Optional.of(condition + " not met: reading the state failed: " + e);
        }
        if (condition.is().matches(actual)) {
            return Optional.empty();
        }
        return Optional.of(condition + " not met: it is " + actual.map(JsonNode::toString).orElse("unknown"));
    }
}
