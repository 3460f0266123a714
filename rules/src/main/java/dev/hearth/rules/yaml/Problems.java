package dev.hearth.rules.yaml;

import dev.hearth.rules.LoadError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one file so far, each a {@link LoadError} with its position: readers add
 * and go on, so that one pass reports every problem rather than the first.
 */
public final class Problems {
    private final Path file;
    private final List<LoadError> errors = new ArrayList<>();

    public Problems(Path file) {
        this.file = file;
    }

    /** The file's text, to place errors inside a scalar (an expression's column). */
    private String[] lines = new String[0];

    public void text(String text) {
        lines = text.split("\r\n|\r|\n", -1);
    }

    /**
     * Where a place inside a scalar is in the file: the scalar starts at {@code start} (at its quote,
     * if quoted); {@code offset} is where the inner text begins in the scalar's value, {@code line}
     * and {@code column} (1-based) where the problem is in that inner text. Exact for one-line scalars.
     */
    public Position positionInScalar(Position start, int offset, int line, int column) {
        if (line > 1) {
            return new Position(start.line() + line - 1, column);
        }
        int quote = 0;
        if (start.line() - 1 < lines.length) {
            String text = lines[start.line() - 1];
            int index = start.column() - 1;
            if (index < text.length() && (text.charAt(index) == '"' || text.charAt(index) == '\'')) {
                quote = 1;
            }
        }
        return new Position(start.line(), start.column() + quote + offset + column - 1);
    }

    public Path file() {
        return file;
    }

    public void add(Position position, String message) {
        errors.add(new LoadError(file, position.line(), position.column(), message));
    }

    /** A problem found in a file this one points to (a scenario's replay file), reported with this file's own. */
    public void add(LoadError error) {
        errors.add(error);
    }

    public void addWithoutPosition(String message) {
        errors.add(new LoadError(file, 0, 0, message));
    }

    /** Problems so far; compare before and after reading a part to know whether that part failed. */
    public int count() {
        return errors.size();
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<LoadError> errors() {
        return List.copyOf(errors);
    }
}
