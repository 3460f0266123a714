package dev.hearth.worker;

import java.time.Clock;

/**
 * The id of each command a task sends, the same when the task replays its input after a failover: made from what
 * caused the command, the input record (partition and offset) or, for a deadline, the task's partition and the
 * deadline's instant (virtual time reads it while the timer's task runs), plus an ordinal among the commands of that
 * cause.
 */
final class CommandIds {
    private final int partition;
    private final Clock clock;
    /** The input record being processed, or null while deadlines run. */
    private String record;
    private String lastCause = "";
    private int ordinal;

    CommandIds(int partition, Clock clock) {
        this.partition = partition;
        this.clock = clock;
    }

    void fromRecord(int recordPartition, long offset) {
        record = recordPartition + "-" + offset;
    }

    void fromDeadlines() {
        record = null;
    }

    String next() {
        String cause = record != null ? record : partition + "-t" + clock.millis();
        ordinal = cause.equals(lastCause) ? ordinal + 1 : 0;
        lastCause = cause;
        return cause + "-" + ordinal;
    }
}
