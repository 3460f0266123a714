package dev.hearth.hub.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds where a key path such as {@code mqtt.port} or {@code devices[1]} is written. Jackson
 * reports a mapping error where its parser stopped, which can be the line after the key; a
 * person wants the key itself.
 */
final class YamlLocator {
    private static final YAMLFactory YAML = new YAMLFactory();

    private YamlLocator() {
    }

    static Optional<JsonLocation> locate(String yaml, List<JsonMappingException.Reference> path) {
        List<Object> target = new ArrayList<>();
        for (JsonMappingException.Reference ref : path) {
            target.add(ref.getFieldName() != null ? ref.getFieldName() : (Object) ref.getIndex());
        }
        if (target.isEmpty()) {
            return Optional.empty();
        }
        try (JsonParser parser = YAML.createParser(yaml)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                boolean keyOrElement = token == JsonToken.FIELD_NAME || parser.getParsingContext().inArray();
                if (keyOrElement && pathOf(parser.getParsingContext()).equals(target)) {
                    return Optional.of(parser.currentTokenLocation());
                }
            }
        } catch (IOException e) {
            // the text did not parse this far: keep Jackson's own location
        }
        return Optional.empty();
    }

    private static List<Object> pathOf(JsonStreamContext context) {
        List<Object> path = new ArrayList<>();
        for (JsonStreamContext level = context; level != null && !level.inRoot(); level = level.getParent()) {
            path.add(0, level.inArray() ? (Object) level.getCurrentIndex() : level.getCurrentName());
        }
        return path;
    }
}
