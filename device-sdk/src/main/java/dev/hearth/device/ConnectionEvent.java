package dev.hearth.device;

/** What happened to the device's connection, for {@link ConnectionListener}s. */
public sealed interface ConnectionEvent {

    String deviceId();

    /** Connected and set up (subscribed; meta, state and {@code online} published). */
    record Connected(String deviceId, boolean reconnect) implements ConnectionEvent {
    }

    /** The connection was lost; the client keeps trying to reconnect. */
    record ConnectionLost(String deviceId, String reason) implements ConnectionEvent {
    }

    /** {@link HearthDevice#close()} finished; no more events follow. */
    record Closed(String deviceId) implements ConnectionEvent {
    }
}
