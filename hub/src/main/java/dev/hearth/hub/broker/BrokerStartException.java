package dev.hearth.hub.broker;

/** The broker did not start, or started without its security: the hub must not run. */
public final class BrokerStartException extends RuntimeException {
    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
