package dev.hearth.rules;

import java.nio.file.Path;
import java.util.Objects;

/** Where a piece of a rule was written. */
public record RuleSource(Path file, int line, int column) {
    public RuleSource {
        Objects.requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
