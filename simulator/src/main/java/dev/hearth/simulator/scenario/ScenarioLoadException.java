package dev.hearth.simulator.scenario;

/** A scenario file that cannot be loaded; says where ({@code file:line:col}) and what is wrong. */
public final class ScenarioLoadException extends Exception {
    private final String source;
    private final int line;
    private final int column;
    private final String problem;

    public ScenarioLoadException(String source, int line, int column, String problem) {
        super(source + ":" + line + ":" + column + ": " + problem);
        this.source = source;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** What is wrong, without the place. */
    public String problem() {
        return problem;
    }
}
