package dev.hearth.cluster;

/** A cluster record that does not read: {@code field} is where (empty for the record as a whole). */
public final class ClusterFormatException extends RuntimeException {
    private final String field;
    private final String problem;

    public ClusterFormatException(String field, String problem) {
        super(field.isEmpty() ? problem : "field '" + field + "': " + problem);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
