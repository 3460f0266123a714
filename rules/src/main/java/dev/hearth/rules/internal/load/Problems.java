package dev.hearth.rules.internal.load;

import dev.hearth.rules.LoadError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The load errors found in one file so far. */
final class Problems {
    private final Path file;
    private final List<LoadError> errors = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void add(Position position, String message) {
        errors.add(new LoadError(file, position.line(), position.column(), message));
    }

    void addWithoutPosition(String message) {
        errors.add(new LoadError(file, 0, 0, message));
    }

    int count() {
        return errors.size();
    }

    List<LoadError> errors() {
        return List.copyOf(errors);
    }
}
