package dev.hearth.hub.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code HEARTH_*} variables that set a hearth.yml key, so that a container needs no file per instance and no
 * secret in one: one table, variable to key. A variable wins over the file; a blank one counts as unset. Each value is
 * checked here, so that a bad one names its variable rather than a line of a file that does not say it. The
 * {@code HEARTH_CLUSTER_*} variables are {@link ClusterSettings#withEnvironment}'s: one of them turns cluster mode on.
 */
final class EnvironmentOverrides {
    /** Variable, the key it sets (dotted: section.key), and what its value must be. */
    record Mapping(String variable, String key, Kind kind) {
    }

    static final List<Mapping> TABLE = List.of(
            new Mapping("HEARTH_MQTT_HOST", "mqtt.host", Kind.HOST),
            new Mapping("HEARTH_MQTT_PORT", "mqtt.port", Kind.PORT),
            new Mapping("HEARTH_HTTP_HOST", "http.host", Kind.HOST),
            new Mapping("HEARTH_HTTP_PORT", "http.port", Kind.PORT),
            new Mapping("HEARTH_DATA_DIR", "data-dir", Kind.PATH),
            new Mapping("HEARTH_RULES", "rules", Kind.PATH),
            new Mapping("HEARTH_STORAGE_URL", "storage.url", Kind.JDBC_URL),
            new Mapping("HEARTH_STORAGE_USER", "storage.user", Kind.TEXT),
            new Mapping("HEARTH_STORAGE_PASSWORD", "storage.password", Kind.TEXT));

    /** What a variable's value must be, and the config value it becomes. */
    enum Kind {
        HOST {
            @Override
            JsonNode parse(String variable, String value) {
                if (value.chars().anyMatch(Character::isWhitespace)) {
                    throw bad(variable, value, "is not a host name or address");
                }
                return TextNode.valueOf(value);
            }
        },
        PORT {
            @Override
            JsonNode parse(String variable, String value) {
                try {
                    int port = Integer.parseInt(value);
                    if (port >= 0 && port <= 65_535) {
                        return IntNode.valueOf(port);
                    }
                } catch (NumberFormatException e) {
                    // said below
                }
                throw bad(variable, value, "is not a port (0..65535)");
            }
        },
        /** Relative to the working directory, as a path on a command line is (a file's paths are relative to it). */
        PATH {
            @Override
            JsonNode parse(String variable, String value) {
                try {
                    return TextNode.valueOf(Path.of(value).toAbsolutePath().normalize().toString());
                } catch (InvalidPathException e) {
                    throw bad(variable, value, "is not a path: " + e.getReason());
                }
            }
        },
        JDBC_URL {
            @Override
            JsonNode parse(String variable, String value) {
                if (!value.startsWith("jdbc:sqlite:") && !value.startsWith("jdbc:postgresql:")) {
                    // its parameters are left out: a url may carry ?password=
                    throw bad(variable, value.replaceFirst("\\?.*", "?..."), "is not a jdbc:sqlite: or jdbc:postgresql: url");
                }
                return TextNode.valueOf(value);
            }
        },
        TEXT {
            @Override
            JsonNode parse(String variable, String value) {
                return TextNode.valueOf(value);
            }
        };

        abstract JsonNode parse(String variable, String value);

        /** Only TEXT takes any value, so a password is never quoted back. */
        private static ConfigException bad(String variable, String value, String why) {
            return new ConfigException(variable + ": \"" + value + "\" " + why);
        }
    }

    private EnvironmentOverrides() {
    }

    /**
     * A variable of a table section's family that the table does not have (HEARTH_STORAGE_PASWORD): a misspelling
     * would leave the file's value, or none, in force without a word.
     */
    private static void refuseMisspelt(Map<String, String> env) {
        for (String name : env.keySet().stream().sorted().toList()) {
            for (String family : List.of("HEARTH_MQTT_", "HEARTH_HTTP_", "HEARTH_STORAGE_")) {
                if (name.startsWith(family) && TABLE.stream().noneMatch(entry -> entry.variable().equals(name))) {
                    throw new ConfigException(name + " is not a variable the hub reads; " + family + "* are: "
                            + String.join(", ", TABLE.stream().map(Mapping::variable).filter(known -> known.startsWith(family)).toList()));
                }
            }
        }
    }

    /**
     * Sets each variable of the table that {@code env} has into {@code root} (hearth.yml's tree, before binding),
     * creating its section when the file has none. The variables it set, in the table's order.
     */
    static List<String> apply(ObjectNode root, Map<String, String> env) {
        refuseMisspelt(env);
        List<String> applied = new ArrayList<>();
        for (Mapping entry : TABLE) {
            Optional<String> value = Optional.ofNullable(env.get(entry.variable())).map(String::strip).filter(v -> !v.isEmpty());
            if (value.isEmpty()) {
                continue;
            }
            JsonNode parsed = entry.kind().parse(entry.variable(), value.get());
            int dot = entry.key().indexOf('.');
            if (dot < 0) {
                root.set(entry.key(), parsed);
            } else {
                String section = entry.key().substring(0, dot);
                if (root.has(section) && !root.get(section).isObject() && !root.get(section).isNull()) {
                    throw new ConfigException(entry.variable() + " sets " + entry.key() + ", but the file's '" + section
                            + "' is not a section of keys");
                }
                if (!root.path(section).isObject()) {
                    root.putObject(section);
                }
                ((ObjectNode) root.get(section)).set(entry.key().substring(dot + 1), parsed);
            }
            applied.add(entry.variable());
        }
        return applied;
    }
}
