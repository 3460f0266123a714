package dev.hearth.simulator.device;

/** How a device leaves the network. */
public enum OfflineMode {
    /** The connection drops under it (power cut, Wi-Fi gone): no goodbye; the broker sends its last will. */
    DROP,
    /** The device closes its connection cleanly, saying {@code offline} itself. */
    CLOSE
}
