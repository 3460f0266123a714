package dev.hearth.rules;

import java.net.URI;
import java.util.concurrent.CompletionStage;

/** The port for webhook notifications. {@link HttpNotifier} is the default. */
@FunctionalInterface
public interface Notifier {
    /** POSTs {@code jsonBody}; completes with the HTTP status, or exceptionally. */
    CompletionStage<Integer> post(URI url, String jsonBody);
}
