package dev.hearth.simulator.scenario;

import dev.hearth.rules.LoadError;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario file (or a file it points to) that cannot be loaded: every problem found, each saying
 * where ({@code file:line:col}) and what is wrong, one a line. The accessors describe the first.
 */
public final class ScenarioLoadException extends Exception {
    private final List<LoadError> problems;

    public ScenarioLoadException(List<LoadError> problems) {
        super(problems.stream().map(LoadError::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a load that failed has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ScenarioLoadException(String source, int line, int column, String problem) {
        this(List.of(new LoadError(Path.of(source), line, column, problem)));
    }

    public List<LoadError> problems() {
        return problems;
    }

    public String source() {
        return problems.get(0).file().toString();
    }

    public int line() {
        return problems.get(0).line();
    }

    public int column() {
        return problems.get(0).column();
    }

    /** What is wrong, without the place. */
    public String problem() {
        return problems.get(0).message();
    }
}
