package dev.hearth.hub.adapters.profile;

import dev.hearth.rules.CelValues;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A profile's CEL expression for a value that no built-in reading gives, e.g. the signal out of
 * Tasmota's {@code Wifi} object: {@code value.Signal}. Compiled once when the profile is read (its
 * problems placed in the file like a rule's), evaluated per message. Variables: {@code value} (the
 * field's value) and {@code payload} (the whole message). The same CEL as the rules' {@code expr:};
 * its own small environment, since a profile sees a message, not the hub's state.
 */
public final class ValueExpression {
    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("value", SimpleType.DYN)
            .addVar("payload", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private final String text;
    private final CelRuntime.Program program;

    private ValueExpression(String text, CelRuntime.Program program) {
        this.text = text;
        this.program = program;
    }

    /** A compile problem; line and column are 1-based within the expression. */
    public record Problem(int line, int column, String message) {
    }

    /** Thrown by {@link #compile} with every problem CEL found. */
    public static final class Invalid extends Exception {
        private final List<Problem> problems;

        Invalid(List<Problem> problems) {
            super(problems.isEmpty() ? "invalid expression" : problems.get(0).message());
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    public static ValueExpression compile(String text) throws Invalid {
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(text).getAst();
            return new ValueExpression(text, RUNTIME.createProgram(ast));
        } catch (CelValidationException e) {
            List<Problem> problems = new ArrayList<>();
            for (CelIssue issue : e.getErrors()) {
                problems.add(new Problem(Math.max(1, issue.getSourceLocation().getLine()),
                        Math.max(0, issue.getSourceLocation().getColumn()) + 1, issue.getMessage()));
            }
            throw new Invalid(problems);
        } catch (CelEvaluationException | RuntimeException e) {
            throw new Invalid(List.of(new Problem(1, 1, String.valueOf(e.getMessage()))));
        }
    }

    public String text() {
        return text;
    }

    /** The result as JSON; an evaluation error (a missing field, a wrong type) is an invalid value. */
    public JsonNode evaluate(JsonNode value, JsonNode payload) throws InvalidValue {
        Object result;
        try {
            result = program.eval(Map.of("value", CelValues.fromJson(value), "payload", CelValues.fromJson(payload)));
        } catch (CelEvaluationException e) {
            throw new InvalidValue("'" + text + "' failed: " + firstLine(e.getMessage()));
        }
        return CelValues.toJson(result);
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    @Override
    public String toString() {
        return text;
    }
}
