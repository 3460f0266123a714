package dev.hearth.hub;

/** The hub could not start; the message is the one line a user needs. */
public final class HubStartException extends RuntimeException {
    public HubStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
