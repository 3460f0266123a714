package dev.hearth.simulator.load;

import dev.hearth.rules.yaml.Position;
import dev.hearth.rules.yaml.Problems;
import dev.hearth.rules.yaml.YamlNode;
import dev.hearth.rules.yaml.YamlReader;
import dev.hearth.simulator.scenario.ScenarioLoadException;
import dev.hearth.wire.DeviceIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the load devices' credentials file, the one {@code hearth devices generate} writes:
 * <pre>
 * devices:
 *   - id: load-0001
 *     password: 3q2-7f3a9c...
 *   - id: plug-0001              # a native login: its protocol and topic, as in the hub's config
 *     password: 9f0c...
 *     protocol: tasmota
 *     topic: plug-0001
 *   - id: load-bridge-1          # a Zigbee2MQTT bridge and the friendly names of its devices
 *     password: 77ab...
 *     protocol: zigbee2mqtt
 *     topic: load-bridge-1
 *     devices: [load-00001, load-00002]
 * </pre>
 * Read with the located reader the rules use; errors say {@code file:line:col}. Passwords are plain text here (the hub keeps hashes): keep
 * the file private to the user that runs the load.
 */
public final class CredentialsFile {
    private static final List<String> KEYS = List.of("id", "password", "protocol", "topic", "devices");

    private CredentialsFile() {
    }

    public static List<Credentials> read(Path file) throws ScenarioLoadException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioLoadException(file.toString(), 1, 1, "cannot read the credentials file: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public static List<Credentials> parse(String source, String yaml) throws ScenarioLoadException {
        Problems problems = new Problems(Path.of(source));
        Optional<YamlNode> root = new YamlReader().read(yaml, problems);
        if (!problems.isEmpty()) {
            throw new ScenarioLoadException(problems.errors());
        }
        if (root.isEmpty()) {
            throw fail(source, Position.START, "empty credentials file: expected 'devices:' with id and password each");
        }
        if (!(root.get() instanceof YamlNode.Map top)) {
            throw fail(source, root.get().position(), "a credentials file should be a mapping with 'devices', got " + describe(root.get()));
        }
        for (YamlNode.Entry entry : top.entries()) {
            if (!entry.key().equals("devices")) {
                throw fail(source, entry.keyPosition(), "unknown key '" + entry.key() + "', expected: devices");
            }
        }
        YamlNode devices = top.get("devices").orElseThrow(() -> fail(source, top.position(), "missing key 'devices'"));
        if (!(devices instanceof YamlNode.Seq list)) {
            throw fail(source, devices.position(), "'devices' should be a list, got " + describe(devices));
        }
        List<Credentials> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (YamlNode item : list.items()) {
            if (!(item instanceof YamlNode.Map entry)) {
                throw fail(source, item.position(), "a device should be a mapping with id and password, got " + describe(item));
            }
            for (YamlNode.Entry key : entry.entries()) {
                if (!KEYS.contains(key.key())) {
                    throw fail(source, key.keyPosition(), "unknown key '" + key.key() + "' in a device, expected: "
                            + String.join(", ", KEYS));
                }
            }
            YamlNode.Scalar idNode = text(entry, "id", source);
            YamlNode.Scalar passwordNode = text(entry, "password", source);
            String id = idNode.text();
            if (!DeviceIds.isValid(id)) {
                throw fail(source, idNode.position(), "invalid device id '" + id + "': use 1-64 letters, digits, '_', '-' or '.'");
            }
            Integer first = seen.putIfAbsent(id, idNode.position().line());
            if (first != null) {
                throw fail(source, idNode.position(), "duplicate device id '" + id + "' (first at line " + first + ")");
            }
            out.add(login(source, entry, id, passwordNode.text()));
        }
        if (out.isEmpty()) {
            throw fail(source, devices.position(), "no devices in the credentials file");
        }
        return out;
    }

    private static Credentials login(String source, YamlNode.Map entry, String id, String password) throws ScenarioLoadException {
        LoadProtocol protocol = LoadProtocol.HEARTH;
        if (entry.get("protocol").isPresent()) {
            YamlNode.Scalar node = text(entry, "protocol", source);
            try {
                protocol = LoadProtocol.fromName(node.text());
            } catch (IllegalArgumentException e) {
                throw fail(source, node.position(), e.getMessage());
            }
        }
        Optional<String> topic = entry.get("topic").isPresent() ? Optional.of(text(entry, "topic", source).text()) : Optional.empty();
        List<String> names = new ArrayList<>();
        Optional<YamlNode> devices = entry.get("devices");
        if (devices.isPresent()) {
            if (!(devices.get() instanceof YamlNode.Seq list)) {
                throw fail(source, devices.get().position(), "'devices' of a bridge should be a list of friendly names, got "
                        + describe(devices.get()));
            }
            for (YamlNode name : list.items()) {
                if (!(name instanceof YamlNode.Scalar scalar) || scalar.isNull() || scalar.text().isEmpty()) {
                    throw fail(source, name.position(), "a friendly name should be a text value, got " + describe(name));
                }
                names.add(scalar.text());
            }
        }
        try {
            return new Credentials(id, password, protocol, topic, names);
        } catch (IllegalArgumentException e) {
            throw fail(source, entry.position(), e.getMessage());
        }
    }

    private static YamlNode.Scalar text(YamlNode.Map entry, String key, String source) throws ScenarioLoadException {
        YamlNode node = entry.get(key).orElseThrow(() -> fail(source, entry.position(), "missing key '" + key + "'"));
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull() || scalar.text().isEmpty()) {
            throw fail(source, node.position(), "'" + key + "' should be a text value, got " + describe(node));
        }
        return scalar;
    }

    private static String describe(YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar) {
            return scalar.isNull() ? "nothing" : "'" + scalar.text() + "'";
        }
        return node instanceof YamlNode.Map ? "a mapping" : "a list";
    }

    private static ScenarioLoadException fail(String source, Position at, String problem) {
        return new ScenarioLoadException(source, at.line(), at.column(), problem);
    }
}
