package dev.hearth.device;

/** Told about connection changes, on the device's own lifecycle thread; should return quickly. */
@FunctionalInterface
public interface ConnectionListener {
    void onEvent(ConnectionEvent event);
}
