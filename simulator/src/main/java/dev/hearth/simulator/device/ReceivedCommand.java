package dev.hearth.simulator.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/** A command a simulated device received, with the simulation clock's time of arrival. */
public record ReceivedCommand(String name, ObjectNode args, Instant at) {
    public ReceivedCommand {
        Objects.requireNonNull(name, "name");
        args = Objects.requireNonNull(args, "args").deepCopy();
        Objects.requireNonNull(at, "at");
    }

    @Override
    public ObjectNode args() {
        return args.deepCopy();
    }
}
