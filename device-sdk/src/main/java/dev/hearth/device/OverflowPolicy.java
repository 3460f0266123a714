package dev.hearth.device;

/** What a full store-and-forward buffer does with one more message. */
public enum OverflowPolicy {
    /** Make room by discarding the oldest buffered messages (a segment, 1/16 of the buffer, at a time). */
    DROP_OLDEST,
    /** Refuse the new message; what is buffered stays. */
    DROP_NEWEST
}
