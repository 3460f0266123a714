package dev.hearth.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One command a device answers, with the arguments it takes (each a JSON type and an optional
 * unit, in declaration order). On the wire {@code args} is absent when there are none:
 *
 * <pre>{"name":"brew","args":{"cups":{"type":"integer"}}}</pre>
 *
 * An older device's plain name ({@code "brew"}) reads as a command without arguments.
 */
public record CommandMeta(String name, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, AttributeMeta> args) {
    public CommandMeta {
        Topics.requireCommandName(name);
        Map<String, AttributeMeta> copy = new LinkedHashMap<>();
        (args == null ? Map.<String, AttributeMeta>of() : args).forEach((arg, meta) -> {
            if (arg == null || arg.isBlank()) {
                throw new IllegalArgumentException("an argument of command '" + name + "' needs a name");
            }
            copy.put(arg, Objects.requireNonNull(meta, () -> "argument '" + arg + "' of command '" + name + "' needs a type"));
        });
        args = Collections.unmodifiableMap(copy); // keeps declaration order, unlike Map.copyOf
    }

    /** A command without arguments. */
    public static CommandMeta of(String name) {
        return new CommandMeta(name, Map.of());
    }

    /** Pass a {@link LinkedHashMap} (or a one-entry map) to fix the order of the arguments on the wire. */
    public static CommandMeta of(String name, Map<String, AttributeMeta> args) {
        return new CommandMeta(name, args);
    }

    public Optional<AttributeMeta> arg(String name) {
        return Optional.ofNullable(args.get(name));
    }

    /** For Jackson: the same reading, and messages, as {@link DeviceMeta#parse}; a plain name is a command without arguments. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CommandMeta fromJson(JsonNode node) {
        return MetaReader.unchecked(() -> MetaReader.command(node, "command"));
    }
}
