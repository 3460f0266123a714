package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.rules.Condition;
import dev.hearth.rules.TraceStep;
import dev.hearth.rules.internal.expr.ExpressionException;
import dev.hearth.rules.internal.expr.Expressions;
import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Checks conditions against the current state, the clock and a run's variables, tracing each result. */
final class ConditionCheck {
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("EEE HH:mm:ss", Locale.ROOT);

    private final EngineContext context;

    ConditionCheck(EngineContext context) {
        this.context = context;
    }

    /** Why the first unmet condition is unmet, or empty when all hold; each checked one goes to the trace. */
    Optional<String> firstUnmet(List<Condition> conditions, Map<String, Object> variables, RunTrace trace) {
        for (Condition condition : conditions) {
            Optional<String> unmet = unmet(condition, variables);
            if (trace != null) {
                trace.step(TraceStep.Kind.CONDITION, condition.toString(), unmet.map(why -> "false: " + why).orElse("true"));
            }
            if (unmet.isPresent()) {
                return unmet;
            }
        }
        return Optional.empty();
    }

    private Optional<String> unmet(Condition condition, Map<String, Object> variables) {
        return condition.accept(new Unmet(variables));
    }

    /** Why one condition is unmet, or empty when it holds. */
    private final class Unmet implements Condition.Visitor<Optional<String>> {
        private final Map<String, Object> variables;

        Unmet(Map<String, Object> variables) {
            this.variables = variables;
        }

        @Override
        public Optional<String> state(Condition.State condition) {
            return unmetState(condition);
        }

        @Override
        public Optional<String> time(Condition.Time condition) {
            ZonedDateTime now = ZonedDateTime.now(context.clock());
            return condition.includes(now) ? Optional.empty()
                    : Optional.of(condition + " not met at " + SHOWN_TIME.format(now));
        }

        @Override
        public Optional<String> numeric(Condition.Numeric condition) {
            return unmetNumeric(condition);
        }

        @Override
        public Optional<String> and(Condition.And condition) {
            return firstUnmet(condition.all(), variables, null);
        }

        @Override
        public Optional<String> or(Condition.Or condition) {
            boolean any = condition.any().stream().anyMatch(one -> unmet(one, variables).isEmpty());
            return any ? Optional.empty() : Optional.of(condition + " not met: none holds");
        }

        @Override
        public Optional<String> not(Condition.Not condition) {
            return condition.none().stream().filter(one -> unmet(one, variables).isEmpty()).findFirst()
                    .map(holding -> condition + " not met: " + holding + " holds");
        }

        @Override
        public Optional<String> expr(Condition.Expr condition) {
            return unmetExpression(condition, variables);
        }
    }

    private Optional<String> unmetExpression(Condition.Expr expr, Map<String, Object> variables) {
        try {
            Object value = Expressions.evaluate(expr.expression(), variables);
            return Boolean.TRUE.equals(value) ? Optional.empty()
                    : Optional.of(expr + " not met: it is " + value);
        } catch (ExpressionException e) {
            return Optional.of(expr + " not met: " + e.getMessage());
        }
    }

    private Optional<String> unmetNumeric(Condition.Numeric condition) {
        Optional<JsonNode> actual = read(condition.attribute().deviceId(), condition.attribute().attribute());
        Optional<BigDecimal> number = actual.flatMap(TriggerMatch::number);
        if (number.isPresent() && condition.includes(number.get())) {
            return Optional.empty();
        }
        return Optional.of(condition + " not met: it is " + actual.map(JsonNode::toString).orElse("unknown"));
    }

    private Optional<String> unmetState(Condition.State condition) {
        Optional<JsonNode> actual = read(condition.attribute().deviceId(), condition.attribute().attribute());
        if (condition.is().matches(actual)) {
            return Optional.empty();
        }
        return Optional.of(condition + " not met: it is " + actual.map(JsonNode::toString).orElse("unknown"));
    }

    private Optional<JsonNode> read(String deviceId, String attribute) {
        try {
            Optional<JsonNode> actual = context.state().attribute(deviceId, attribute);
            return actual == null ? Optional.empty() : actual;
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
