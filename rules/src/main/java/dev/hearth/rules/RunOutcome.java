package dev.hearth.rules;

/** How a trigger of a rule ended. */
public enum RunOutcome {
    /** Every action ran and every command replied ok. */
    COMPLETED,
    /** A condition did not hold: nothing ran. */
    CONDITIONS_NOT_MET,
    /** The rule was busy (mode single, or a full queue), or disabled: nothing ran. */
    DROPPED,
    /**
     * A command replied with an error or not at all, a webhook failed or answered an error, a wait_for
     * timed out, or an expression failed: the remaining actions were skipped.
     */
    FAILED,
    /** The run was stopped: restarted (mode restart), rules replaced, or the engine closed. */
    CANCELLED,
    /** Loop or storm protection stopped it: the causation depth limit, or the rule's rate breaker. */
    STOPPED
}
