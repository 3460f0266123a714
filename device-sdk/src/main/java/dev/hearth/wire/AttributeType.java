package dev.hearth.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The JSON type of a reported attribute, as a device declares it in its meta. */
public enum AttributeType {
    STRING("string"),
    NUMBER("number"),
    INTEGER("integer"),
    BOOLEAN("boolean"),
    OBJECT("object");

    private final String wire;

    AttributeType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static AttributeType fromWire(String wire) {
        for (AttributeType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown attribute type '" + wire + "', " + expected());
    }

    static String expected() {
        return "expected one of " + Arrays.stream(values()).map(AttributeType::wire).collect(Collectors.joining(", "));
    }
}
