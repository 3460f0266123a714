package dev.hearth.simulator.link;

/**
 * The network between a device and its hub failing under the device: unlike a clean close, the
 * device says no goodbye, so the hub learns of it from the broker (the last will), and the
 * device keeps its session object and reconnects by itself once the network is back.
 */
public interface NetworkFaults {
    /** Drops the connection abruptly and refuses new ones until {@link #restore()}. */
    void cut();

    /** Lets the device reconnect (it retries on its own schedule). */
    void restore();
}
