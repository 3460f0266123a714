package dev.hearth.rules;

import java.util.Objects;
import java.util.UUID;

/**
 * The chain an event belongs to: a command a rule sends, the device's resulting change and any rule
 * that change triggers share the {@code id}; {@code depth} counts the rule runs in the chain, so a
 * loop between rules can be stopped.
 */
public record Causation(String id, int depth) {
    /** An event from outside (a person, a device on its own): the engine starts a new chain. */
    public static final Causation EXTERNAL = new Causation("", 0);

    public Causation {
        Objects.requireNonNull(id, "id");
        if (depth < 0) {
            throw new IllegalArgumentException("depth must not be negative");
        }
    }

    public static Causation newChain() {
        return new Causation(UUID.randomUUID().toString().substring(0, 13), 0);
    }

    public boolean isExternal() {
        return id.isEmpty();
    }

    /** The causation of what a run triggered at this depth causes. */
    public Causation next() {
        return new Causation(id, depth + 1);
    }

    @Override
    public String toString() {
        return isExternal() ? "external" : id + "@" + depth;
    }
}
