package dev.hearth.device.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * The device's full reported state. A partial report replaces the top-level keys it names (a
 * {@code null} value is reported as null, not removed): attributes are flat, as the meta
 * declares them. Merging and handing the result on happen under one lock, so the order of
 * publishes is the order of merges.
 */
final class ReportedState {
    private final ObjectNode state;

    ReportedState(ObjectNode initial) {
        this.state = initial.deepCopy();
    }

    /** Merges, then gives {@code publish} a copy of the merged state while still holding the lock. */
    synchronized void merge(ObjectNode partial, Consumer<ObjectNode> publish) {
        state.setAll(partial.deepCopy());
        publish.accept(state.deepCopy());
    }

    /** Gives {@code publish} a copy of the state while holding the lock, e.g. to republish after a reconnect. */
    synchronized void current(Consumer<ObjectNode> publish) {
        publish.accept(state.deepCopy());
    }

    synchronized ObjectNode copy() {
        return state.deepCopy();
    }
}
