package dev.hearth.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.wire.Topics;
import java.util.Objects;

/** A command the hub sent to this device: its name and its JSON arguments ({} when none). */
public record Command(String name, ObjectNode args) {
    public Command {
        Topics.requireCommandName(name);
        args = Objects.requireNonNull(args, "args").deepCopy();
    }

    /** The arguments; a copy, so a handler may change it freely. */
    @Override
    public ObjectNode args() {
        return args.deepCopy();
    }
}
