package dev.hearth.hub.http;

/**
 * The device or rule a request names does not exist; becomes a 404 problem
 * ({@link ProblemHandlers}). Made only here, so that every route says it the same way.
 */
final class NotFound extends RuntimeException {
    private NotFound(String message) {
        super(message);
    }

    static NotFound device(String id) {
        return new NotFound("no device '" + id + "'");
    }

    static NotFound rule(String id) {
        return new NotFound("no rule '" + id + "'");
    }
}
