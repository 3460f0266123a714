package dev.hearth.device.internal;

/**
 * Where a {@link PahoHearthDevice}'s connection is in its life. The device holds it in an
 * {@code AtomicReference} and changes it only through {@link #to}, which refuses a transition
 * the diagram below does not have:
 *
 * <pre>
 *            connectInBackground()
 *     NEW ──────────────────────────► CONNECTING
 *      │                                  │
 *      │ connect() succeeds               │ an attempt succeeds
 *      ▼                                  │
 *   CONNECTED ◄───────────────────────────┘
 *    │    ▲
 *    │    │ an attempt succeeds
 *    │    │
 *    │  RECONNECTING
 *    │    ▲
 *    └────┘ connection lost
 *
 *   NEW, CONNECTING, CONNECTED, RECONNECTING ── close() ──► CLOSED (final)
 * </pre>
 *
 * "An attempt" is the background loop's or a {@code connect()}'s; a {@code connect()} that fails
 * leaves the state as it was (a failed first connect stays {@code NEW}). A connection the broker
 * drops stays {@code CONNECTED} until the loss has been handled, so while connected Paho's own
 * {@code isConnected()} is the finer truth.
 */
enum ConnectionState {
    /** Built; not connected yet, and not trying in the background. */
    NEW,
    /** Trying in the background, never connected yet: the first connection will not be a reconnect. */
    CONNECTING,
    /** Connected: subscribed, meta, state and {@code online} published. */
    CONNECTED,
    /** Lost a connection and trying again in the background. */
    RECONNECTING,
    /** Closed by the application; final. */
    CLOSED;

    /** {@code next}, if the diagram has an arrow from this state to it; otherwise an {@link IllegalStateException}. */
    ConnectionState to(ConnectionState next) {
        boolean allowed = switch (this) {
            case NEW -> next == CONNECTING || next == CONNECTED || next == CLOSED;
            case CONNECTING, RECONNECTING -> next == CONNECTED || next == CLOSED;
            case CONNECTED -> next == RECONNECTING || next == CLOSED;
            case CLOSED -> false;
        };
        if (!allowed) {
            throw new IllegalStateException("connection state " + this + " cannot become " + next);
        }
        return next;
    }

    /** Whether the device has been connected before, so that the next connection is a reconnect. */
    boolean hasBeenConnected() {
        return this == CONNECTED || this == RECONNECTING;
    }
}
