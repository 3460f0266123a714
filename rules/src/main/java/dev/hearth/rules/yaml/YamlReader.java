package dev.hearth.rules.yaml;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into {@link YamlNode}s with positions, streaming Jackson's YAML parser (its
 * tree model forgets where things were). Problems go to {@link Problems}; nothing is thrown.
 * Stricter than the parser where people trip: a tab in indentation, a duplicate key, an alias and a
 * second document are problems, and booleans are YAML 1.2's ({@code yes}, {@code on} are text).
 */
public final class YamlReader {
    /** YAML 1.2 booleans only: {@code on}, {@code yes}, {@code off}, {@code no} stay strings. */
    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "True", "TRUE", "false", "False", "FALSE");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final YAMLFactory factory = new YAMLFactory();

    /** The document's root, or empty if the file has no document or it could not be read. */
    public Optional<YamlNode> read(String text, Problems problems) {
        if (reportTabIndentation(text, problems)) {
            return Optional.empty();
        }
        try (YAMLParser parser = (YAMLParser) factory.createParser(text)) {
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
            YamlNode root = readValue(parser, problems);
            if (parser.nextToken() != null) {
                problems.add(positionOf(parser), "a second YAML document (after '---'); expected one document per file");
            }
            return Optional.of(root);
        } catch (JacksonException e) {
            reportSyntaxError(e, problems);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            problems.add(Position.START, "cannot read YAML: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Jackson reports a tab in indentation at the wrong place, so find them first. */
    private static boolean reportTabIndentation(String text, Problems problems) {
        boolean found = false;
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            if (line.isBlank()) {
                continue;
            }
            for (int column = 0; column < line.length(); column++) {
                char c = line.charAt(column);
                if (c == '\t') {
                    problems.add(new Position(index + 1, column + 1),
                            "tab character in indentation; YAML indents with spaces only");
                    found = true;
                    break;
                }
                if (c != ' ') {
                    break;
                }
            }
        }
        return found;
    }

    private static void reportSyntaxError(JacksonException e, Problems problems) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                Mark mark = marked.getProblemMark();
                String context = marked.getContext() == null || marked.getContextMark() == null ? ""
                        : " (" + marked.getContext() + " at " + (marked.getContextMark().getLine() + 1) + ":"
                        + (marked.getContextMark().getColumn() + 1) + ")";
                problems.add(new Position(mark.getLine() + 1, mark.getColumn() + 1),
                        "YAML syntax error: " + oneLine(marked.getProblem()) + context
                                + "; check the indentation and quoting here");
                return;
            }
        }
        JsonLocation location = e.getLocation();
        Position position = location == null || location.getLineNr() < 1 ? Position.START
                : new Position(location.getLineNr(), Math.max(1, location.getColumnNr()));
        String message = oneLine(e.getOriginalMessage());
        if (message.startsWith("Expected a field name")) {
            message = "a map key must be plain text, not a list or a map";
        }
        problems.add(position, "YAML syntax error: " + message);
    }

    private static String oneLine(String message) {
        return message == null ? "unreadable YAML" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private YamlNode readValue(YAMLParser parser, Problems problems) throws IOException {
        Position position = positionOf(parser);
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            return readMap(parser, position, problems);
        }
        if (token == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(readValue(parser, problems));
            }
            return new YamlNode.Seq(position, items);
        }
        if (parser.isCurrentAlias()) {
            problems.add(position, "YAML alias '*" + parser.getText() + "' is not supported; write the value out");
        }
        return new YamlNode.Scalar(position, parser.getText() == null ? "" : parser.getText(),
                scalarValue(parser, token));
    }

    private YamlNode readMap(YAMLParser parser, Position position, Problems problems) throws IOException {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Position keyPosition = positionOf(parser);
            parser.nextToken();
            YamlNode value = readValue(parser, problems);
            Position first = seen.putIfAbsent(key, keyPosition);
            if (first != null) {
                problems.add(keyPosition, "duplicate key '" + key + "' (first at " + first
                        + "); expected each key once per map");
            } else {
                entries.add(new YamlNode.Entry(key, keyPosition, value));
            }
        }
        return new YamlNode.Map(position, entries);
    }

    private static JsonNode scalarValue(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_TRUE, VALUE_FALSE -> BOOLEAN_WORDS.contains(parser.getText())
                    ? NODES.booleanNode(token == JsonToken.VALUE_TRUE)
                    : NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            default -> NODES.textNode(parser.getText());
        };
    }

    private static Position positionOf(JsonParser parser) {
        JsonLocation location = parser.currentTokenLocation();
        return new Position(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }
}
