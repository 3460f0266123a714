package dev.hearth.hub.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hearth.hub.adapters.profile.Profiles;
import dev.hearth.rules.LoadError;
import dev.hearth.rules.Utf8Text;
import dev.hearth.rules.yaml.Position;
import dev.hearth.rules.yaml.Problems;
import dev.hearth.rules.yaml.YamlNode;
import dev.hearth.rules.yaml.YamlReader;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads hearth.yml into a {@link HubConfig}; every error names file:line:col and the key. The YAML is
 * checked and located by the reader the rules use ({@link YamlReader}).
 */
public final class HubConfigLoader {
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .addModule(new Jdk8Module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES) // HubConfig.file is the loader's, not a key
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a second `mqtt:` must not replace the first
            .build();

    private HubConfigLoader() {
    }

    public static HubConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * {@code env}: the process's environment, whose variables win over the file: {@link EnvironmentOverrides#TABLE}'s
     * (mqtt, http, paths, storage) and {@code HEARTH_CLUSTER_*} ({@link ClusterSettings#withEnvironment}).
     */
    public static HubConfig load(Path file, Map<String, String> env) {
        Path absolute = file.toAbsolutePath().normalize();
        byte[] bytes;
        try {
            if (Files.isDirectory(absolute)) {
                throw new ConfigException(file + ": is a folder; expected the config file (hearth.yml)");
            }
            bytes = Files.readAllBytes(absolute);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e.getMessage());
        }
        String text = utf8(file, bytes);
        // The located reader first: YAML mistakes (syntax, tabs, duplicate keys) all at once, and the
        // tree that places a binding error at its key; binding stays Jackson's, onto typed records.
        Problems problems = new Problems(file);
        Optional<YamlNode> root = new YamlReader().read(text, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.errors().stream().map(LoadError::toString).collect(Collectors.joining("\n")));
        }
        HubConfig config;
        List<String> fromEnvironment = List.of();
        try {
            JsonNode tree = root.isEmpty() ? null : YAML.readTree(text);
            if (tree instanceof ObjectNode keys) {
                fromEnvironment = EnvironmentOverrides.apply(keys, env);
            }
            config = tree == null || tree.isNull() || tree.isMissingNode() ? null : YAML.treeToValue(tree, HubConfig.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException(describe(file, root.get(), e)
                    + (fromEnvironment.isEmpty() ? "" : " (with " + String.join(", ", fromEnvironment) + " from the environment)"));
        }
        if (config == null) { // blank, or only comments: starting on defaults would hide a wrong path
            throw new ConfigException(file + ": the config file is empty; expected at least the devices: list"
                    + " (deploy/hearth.yml shows every key)");
        }
        refuseSharedUsernames(file, root.get(), config);
        refuseSharedTopics(file, root.get(), config);
        // the environment's other half: HEARTH_CLUSTER_* (EnvironmentOverrides set the rest into the tree above)
        return config.withCluster(ClusterSettings.withEnvironment(config.cluster(), env)).loadedFrom(absolute);
    }

    /**
     * A login's user name that is another login's, or another device's id: the broker would not know whom it lets in.
     * Refused at its {@code username:}.
     */
    private static void refuseSharedUsernames(Path file, YamlNode root, HubConfig config) {
        List<DeviceCredential> devices = config.devices();
        List<String> problems = new ArrayList<>();
        for (int j = 0; j < devices.size(); j++) {
            DeviceCredential login = devices.get(j);
            if (login.username().equals(login.id())) {
                continue; // a name shared with another login is refused at that login's username:, or as an id declared twice
            }
            for (int i = 0; i < devices.size(); i++) {
                DeviceCredential other = devices.get(i);
                String clash = i == j ? null : other.id().equals(login.username()) ? "id"
                        : other.username().equals(login.username()) && i < j ? "username" : null;
                if (clash != null) {
                    problems.add(file + position(root, j, "username") + ": at 'devices[" + j + "].username': device '"
                            + login.id() + "' logs in as '" + login.username() + "', which is the " + clash + " of device '"
                            + other.id() + "' (devices[" + i + "]); a user name must be one login's (give it another)");
                }
            }
            for (BridgeSettings bridge : config.bridges()) {
                if (bridge.devices().stream().anyMatch(bridged -> bridged.id().equals(login.username()))) {
                    problems.add(file + position(root, j, "username") + ": at 'devices[" + j + "].username': device '"
                            + login.id() + "' logs in as '" + login.username() + "', which is the id of a device of bridge '"
                            + bridge.id() + "'; a user name must be one login's (give it another)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
    }

    /** A native login whose topics overlap Hearth's trees or another login's: refused, at its {@code topic:}. */
    private static void refuseSharedTopics(Path file, YamlNode root, HubConfig config) {
        if (config.devices().stream().noneMatch(device -> device.protocol().isNative())) {
            return;
        }
        List<LoginTrees.Overlap> overlaps = LoginTrees.overlaps(config.devices(), config.homeassistant(), Profiles.builtIn());
        if (!overlaps.isEmpty()) {
            throw new ConfigException(overlaps.stream().map(overlap -> file + position(root, overlap.device(), "topic") + ": at 'devices["
                    + overlap.device() + "].topic': " + overlap.message()).collect(Collectors.joining("\n")));
        }
    }

    /** Where the login's {@code key:} is written, or the login itself when it leaves the key out. */
    private static String position(YamlNode root, int device, String key) {
        if (root instanceof YamlNode.Map map && map.get("devices").orElse(null) instanceof YamlNode.Seq seq
                && device < seq.items().size()) {
            YamlNode item = seq.items().get(device);
            Position at = item instanceof YamlNode.Map login
                    ? login.entry(key).map(YamlNode.Entry::keyPosition).orElse(item.position()) : item.position();
            return ":" + at;
        }
        return "";
    }

    private static String utf8(Path file, byte[] bytes) {
        try {
            return Utf8Text.decode(bytes);
        } catch (Utf8Text.NotUtf8 e) {
            throw new ConfigException(file + ":" + e.line() + ":" + e.column() + ": not UTF-8 text; expected the config saved as UTF-8");
        }
    }

    private static String describe(Path file, YamlNode root, JsonProcessingException e) {
        Optional<Position> located = e instanceof JsonMappingException mapping ? locate(root, mapping.getPath()) : Optional.empty();
        JsonLocation where = e.getLocation();
        String position = located.map(at -> ":" + at)
                .orElse(where == null ? "" : ":" + where.getLineNr() + ":" + where.getColumnNr());
        String key = e instanceof JsonMappingException mapping ? keyPath(mapping) : "";
        String what;
        if (e instanceof PropertyBindingException unknown) { // unknown, or ignored (HubConfig.file)
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).filter(id -> !id.equals(unknown.getPropertyName())) // an ignored key is "known"
                    .sorted().collect(Collectors.joining(", "));
            what = "unknown key '" + unknown.getPropertyName() + "'" + (known.isEmpty() ? "" : "; expected one of: " + known);
        } else if (e instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
            what = invalid.getCause().getMessage();
        } else {
            what = firstLine(e.getOriginalMessage());
        }
        return file + position + ": " + (key.isEmpty() ? "" : "at '" + key + "': ") + what;
    }

    /**
     * Where a key path such as {@code mqtt.port} or {@code devices[1]} is written: the key itself, or
     * the list item. Jackson reports where its parser stopped, which can be the line after the key.
     */
    private static Optional<Position> locate(YamlNode root, List<JsonMappingException.Reference> path) {
        YamlNode node = root;
        Optional<Position> at = Optional.empty();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null && node instanceof YamlNode.Map map && map.entry(ref.getFieldName()).isPresent()) {
                YamlNode.Entry entry = map.entry(ref.getFieldName()).get();
                at = Optional.of(entry.keyPosition());
                node = entry.value();
            } else if (ref.getIndex() >= 0 && node instanceof YamlNode.Seq seq && ref.getIndex() < seq.items().size()) {
                node = seq.items().get(ref.getIndex());
                at = Optional.of(node.position());
            } else {
                return Optional.empty();
            }
        }
        return at;
    }

    private static String keyPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }
}
