package dev.hearth.wire;

/** The kinds of topic under {@code devices/{id}/}; see the wire contract in DESIGN.md. */
public enum TopicKind {
    META("meta"),
    STATE("state"),
    TELEMETRY("telemetry"),
    STATUS("status"),
    COMMAND("commands"),
    REPLIES("replies"),
    DESIRED("desired");

    private final String segment;

    TopicKind(String segment) {
        this.segment = segment;
    }

    /** The topic level that names this kind, e.g. {@code state}. */
    public String segment() {
        return segment;
    }
}
