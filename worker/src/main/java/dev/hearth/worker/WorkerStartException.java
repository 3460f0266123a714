package dev.hearth.worker;

import dev.hearth.rules.LoadError;
import java.util.List;
import java.util.stream.Collectors;

/** The worker did not start: its rules do not load (each error names file:line:col). */
public final class WorkerStartException extends RuntimeException {
    private final List<LoadError> errors;

    WorkerStartException(List<LoadError> errors) {
        super("the rules do not load:\n" + errors.stream().map(LoadError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<LoadError> errors() {
        return errors;
    }
}
