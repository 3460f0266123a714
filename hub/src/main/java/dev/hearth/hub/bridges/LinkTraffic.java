package dev.hearth.hub.bridges;

import dev.hearth.hub.broker.NativeOutcome;
import dev.hearth.hub.storage.Write;
import java.time.Instant;
import java.util.List;

/**
 * Where a bridge's messages go inside the hub: the same path as a native login's publishes on the embedded broker,
 * so that rules, the API and the history cannot tell which broker a device is on.
 */
public interface LinkTraffic {
    /** One message of a login's native tree, read by its adapter; never throws for a bad payload. */
    NativeOutcome take(String loginId, String topic, byte[] payload, Instant at);

    void store(List<Write> writes);

    /** A message refused, by its reason (metrics). */
    void onRejected(String loginId, String topic, String reason);

    /** The link to the login's broker came up or went down: what is behind it is reachable, or not. */
    void linkChanged(String loginId, boolean up, Instant at);
}
