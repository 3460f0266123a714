package dev.hearth.rules.internal.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * CEL for rules: one compiler and runtime for the process, and a cache of compiled programs, so an
 * expression is compiled once (at load) and evaluated many times. Variables: {@code state} (device ->
 * attribute -> value), {@code trigger} (the trigger's values) and {@code vars} (the run's variables).
 */
public final class Expressions {
    private static final CelOptions OPTIONS = CelOptions.current()
            // Devices report 21 or 21.0 as they like: 21.0 > 20 must just work.
            .enableHeterogeneousNumericComparisons(true)
            .build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("state", MapType.create(SimpleType.STRING, MapType.create(SimpleType.STRING, SimpleType.DYN)))
            .addVar("trigger", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("vars", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    private Expressions() {
    }

    /** A compile problem; line and column are 1-based within the expression text. */
    public record Problem(int line, int column, String message) {
    }

    /** The problems of the expression (none when it compiles), and, when {@code bool}, if it may not yield a boolean. */
    public static List<Problem> check(String expression, boolean bool) {
        // Rules repeat their expressions (a thousand rules with "${trigger.to}"): check each text once.
        return CHECKED.computeIfAbsent((bool ? "b:" : "v:") + expression, key -> compileAndCheck(expression, bool));
    }

    private static final Map<String, List<Problem>> CHECKED = new ConcurrentHashMap<>();

    private static List<Problem> compileAndCheck(String expression, boolean bool) {
        List<Problem> problems = new ArrayList<>();
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
            CelKind kind = ast.getResultType().kind();
            if (bool && kind != CelKind.BOOL && kind != CelKind.DYN) {
                problems.add(new Problem(1, 1, "the expression yields " + ast.getResultType().name()
                        + ", not a boolean"));
            } else {
                PROGRAMS.computeIfAbsent(expression, text -> program(ast));
            }
        } catch (CelValidationException e) {
            for (CelIssue issue : e.getErrors()) {
                int line = Math.max(1, issue.getSourceLocation().getLine());
                int column = Math.max(0, issue.getSourceLocation().getColumn()) + 1;
                problems.add(new Problem(line, column, issue.getMessage()));
            }
        } catch (RuntimeException e) {
            problems.add(new Problem(1, 1, String.valueOf(e.getMessage())));
        }
        return List.copyOf(problems);
    }

    /** Evaluates a checked expression; throws {@link ExpressionException} with a readable message. */
    public static Object evaluate(String expression, Map<String, ?> variables) {
        CelRuntime.Program program = PROGRAMS.computeIfAbsent(expression, text -> {
            try {
                return program(COMPILER.compile(text).getAst());
            } catch (CelValidationException e) {
                throw new ExpressionException("does not compile: " + e.getMessage());
            }
        });
        try {
            return program.eval(variables);
        } catch (CelEvaluationException e) {
            throw new ExpressionException(e.getMessage());
        }
    }

    private static CelRuntime.Program program(CelAbstractSyntaxTree ast) {
        try {
            return RUNTIME.createProgram(ast);
        } catch (CelEvaluationException e) {
            throw new ExpressionException(e.getMessage());
        }
    }
}
