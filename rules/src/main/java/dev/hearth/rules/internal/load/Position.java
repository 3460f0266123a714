package dev.hearth.rules.internal.load;

/** A place in a YAML file; line and column start at 1. */
record Position(int line, int column) {
    static final Position START = new Position(1, 1);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
