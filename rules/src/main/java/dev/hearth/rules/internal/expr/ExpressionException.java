package dev.hearth.rules.internal.expr;

/** An expression failed at run time (a missing attribute, a type mismatch): the step fails, the engine goes on. */
public final class ExpressionException extends RuntimeException {
    public ExpressionException(String message) {
        super(message);
    }
}
