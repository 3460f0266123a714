package dev.hearth.hub.http;

/** A command sent from the API got no answer in time; becomes a 504 problem ({@link ProblemHandlers}). */
final class NoReply extends RuntimeException {
    NoReply(String reason) {
        super(reason);
    }
}
