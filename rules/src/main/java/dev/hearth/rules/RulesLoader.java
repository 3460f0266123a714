package dev.hearth.rules;

import dev.hearth.rules.internal.load.RuleFilesLoader;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads rules from YAML. Never throws for a bad file: every problem found, in every file, comes
 * back as a {@link LoadError} that names the file, line and column.
 */
public final class RulesLoader {

    public RulesLoader() {
    }

    /**
     * A file, or a directory: every {@code *.yaml} / {@code *.yml} directly in it, sorted by name.
     * Rule ids must be unique across the files.
     */
    public LoadResult load(Path fileOrDirectory) {
        Objects.requireNonNull(fileOrDirectory, "fileOrDirectory");
        return new RuleFilesLoader().load(fileOrDirectory);
    }

    /**
     * As {@link #load(Path)}, and references to devices, attributes or commands that {@code known}
     * does not know are errors too (with the place they are written).
     */
    public LoadResult load(Path fileOrDirectory, KnownDevices known) {
        Objects.requireNonNull(fileOrDirectory, "fileOrDirectory");
        Objects.requireNonNull(known, "known");
        return new RuleFilesLoader().load(fileOrDirectory, java.util.Optional.of(known));
    }
}
