package dev.hearth.rules;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem in a YAML file: a rules file, a scenario, the hub config. Lines and columns start at 1; both are 0 when the problem
 * concerns the file as a whole (it cannot be read, it does not exist).
 */
public record LoadError(Path file, int line, int column, String message) {
    public LoadError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:col: message}, or {@code file: message} without a position. */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
}
