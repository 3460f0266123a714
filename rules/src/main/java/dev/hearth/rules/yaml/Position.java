package dev.hearth.rules.yaml;

/** A place in a YAML file; line and column start at 1. Shown as {@code line:column}. */
public record Position(int line, int column) {
    public static final Position START = new Position(1, 1);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
