package dev.hearth.hub.adapters;

/** A command the native device cannot take (no such command, an argument of the wrong kind): the sentence says which. */
public final class CommandRefused extends Exception {
    public CommandRefused(String message) {
        super(message);
    }
}
