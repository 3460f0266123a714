package dev.hearth.hub.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hearth.rules.Utf8Text;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads hearth.yml into a {@link HubConfig}; every error names file:line:col and the key. */
public final class HubConfigLoader {
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES) // HubConfig.file is the loader's, not a key
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a second `mqtt:` must not replace the first
            .build();

    private HubConfigLoader() {
    }

    public static HubConfig load(Path file) {
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
        HubConfig config;
        try {
            config = YAML.readTree(text).isMissingNode() ? null : YAML.readValue(text, HubConfig.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException(describe(file, text, e));
        }
        if (config == null) { // blank, or only comments: starting on defaults would hide a wrong path
            throw new ConfigException(file + ": the config file is empty; expected at least the devices: list"
                    + " (deploy/hearth.yml shows every key)");
        }
        return config.loadedFrom(absolute);
    }

    private static String utf8(Path file, byte[] bytes) {
        try {
            return Utf8Text.decode(bytes);
        } catch (Utf8Text.NotUtf8 e) {
            throw new ConfigException(file + ":" + e.line() + ":" + e.column() + ": not UTF-8 text; expected the config saved as UTF-8");
        }
    }

    private static String describe(Path file, String text, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            // YAML syntax: snakeyaml knows the exact spot, Jackson only where it was reading
            return file + ":" + (yaml.getProblemMark().getLine() + 1) + ":" + (yaml.getProblemMark().getColumn() + 1)
                    + ": " + yaml.getProblem();
        }
        JsonLocation where = e instanceof JsonMappingException mapping
                ? YamlLocator.locate(text, mapping.getPath()).orElse(e.getLocation())
                : e.getLocation();
        String position = where == null ? "" : ":" + where.getLineNr() + ":" + where.getColumnNr();
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
