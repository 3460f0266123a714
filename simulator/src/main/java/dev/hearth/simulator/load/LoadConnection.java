package dev.hearth.simulator.load;

import java.util.concurrent.CompletableFuture;

/** One login's connection in a load run, speaking for one device or (a bridge) several, numbered from 0. */
interface LoadConnection {
    /** Completes when connected or refused (the refusal counted as an error); never fails. */
    CompletableFuture<Void> connect(boolean plainTcp);

    /** Sends the {@code member}'s next reading; false when not connected or its in-flight window is full. */
    boolean tryPublish(int member, long seq, int qos);

    /** Says goodbye as the device does and disconnects. */
    void close();

    /** The reading a load run sends: the same sequence of values whatever the protocol. */
    static double value(long seq) {
        return (seq % 1000) / 10.0;
    }
}
