package dev.hearth.hub.broker;

/** What a QoS 1 message's PUBACK may say: its writes are stored (and, in cluster mode, in Kafka), or why not. */
public enum Acknowledgement {
    STORED,
    NOT_STORED,
    /** Stored here, but Kafka did not acknowledge its events in time (cluster mode). */
    NOT_IN_CLUSTER
}
