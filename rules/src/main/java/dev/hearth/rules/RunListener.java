package dev.hearth.rules;

/** Told of every trigger of every rule, on the engine's scheduler thread: keep it quick. */
@FunctionalInterface
public interface RunListener {
    void onRun(RunReport report);
}
