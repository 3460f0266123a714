package dev.hearth.hub.adapters.profile;

/** A native value a profile cannot read as it says; the translator adds the topic and the field. */
public final class InvalidValue extends Exception {
    public InvalidValue(String message) {
        super(message);
    }
}
