package dev.hearth.simulator.load;

import dev.hearth.simulator.scenario.ScenarioLoadException;
import dev.hearth.simulator.scenario.YamlNode;
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
 * Reads the load devices' credentials file, the one the hub generates and loads too:
 * <pre>
 * devices:
 *   - id: load-0001
 *     password: 3q2-7f3a9c...
 * </pre>
 * Errors say {@code file:line:col}. Passwords are plain text here (the hub keeps hashes): keep
 * the file private to the user that runs the load.
 */
public final class CredentialsFile {
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
        YamlNode root = YamlNode.parse(source, yaml)
                .orElseThrow(() -> new ScenarioLoadException(source, 1, 1, "empty credentials file: expected 'devices:' with id and password each"));
        if (!root.isMapping()) {
            throw root.error(source, "a credentials file should be a mapping with 'devices', got " + root.describe());
        }
        for (String key : root.keys().keySet()) {
            if (!key.equals("devices")) {
                throw root.keys().get(key).error(source, "unknown key '" + key + "', expected: devices");
            }
        }
        YamlNode devices = root.get("devices").orElseThrow(() -> root.error(source, "missing key 'devices'"));
        if (devices.shape() != YamlNode.Shape.SEQUENCE) {
            throw devices.error(source, "'devices' should be a list, got " + devices.describe());
        }
        List<Credentials> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (YamlNode entry : devices.items()) {
            if (!entry.isMapping()) {
                throw entry.error(source, "a device should be a mapping with id and password, got " + entry.describe());
            }
            for (String key : entry.keys().keySet()) {
                if (!key.equals("id") && !key.equals("password")) {
                    throw entry.keys().get(key).error(source, "unknown key '" + key + "' in a device, expected: id, password");
                }
            }
            YamlNode idNode = text(entry, "id", source);
            YamlNode passwordNode = text(entry, "password", source);
            String id = idNode.text();
            if (!DeviceIds.isValid(id)) {
                throw idNode.error(source, "invalid device id '" + id + "': use 1-64 letters, digits, '_', '-' or '.'");
            }
            Integer first = seen.putIfAbsent(id, idNode.line());
            if (first != null) {
                throw idNode.error(source, "duplicate device id '" + id + "' (first at line " + first + ")");
            }
            out.add(new Credentials(id, passwordNode.text()));
        }
        if (out.isEmpty()) {
            throw devices.error(source, "no devices in the credentials file");
        }
        return out;
    }

    private static YamlNode text(YamlNode entry, String key, String source) throws ScenarioLoadException {
        Optional<YamlNode> node = entry.get(key);
        if (node.isEmpty()) {
            throw entry.error(source, "missing key '" + key + "'");
        }
        if (node.get().shape() != YamlNode.Shape.SCALAR || node.get().text() == null || node.get().text().isEmpty()) {
            throw node.get().error(source, "'" + key + "' should be a text value, got " + node.get().describe());
        }
        return node.get();
    }
}
