package dev.hearth.rules.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.rules.Causation;

/**
 * A trigger fired: how to show it ({@code description}), its values (the {@code trigger} variable
 * of expressions), and the causation chain the run continues.
 */
record Fired(String description, ObjectNode values, Causation causation) {
    Fired withDescription(String text) {
        return new Fired(text, values, causation);
    }
}
