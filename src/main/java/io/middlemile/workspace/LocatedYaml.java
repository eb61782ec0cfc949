package io.middlemile.workspace;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a YAML file into a Jackson tree while remembering the line of every node, because Jackson's
 * tree model forgets locations and every message to the admin must say {@code file:line}.
 * Duplicate keys, which YAML parsers silently resolve to the last value, are reported.
 */
final class LocatedYaml {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A parsed document: the tree, a line per JSON pointer, and problems found while parsing. */
    record Document(JsonNode root, Map<String, Integer> lines, List<String[]> duplicateKeys) {

        /** Line of the node at {@code pointer}, or of its nearest ancestor that has one. */
        int lineOf(String pointer) {
            String current = pointer;
            while (true) {
                Integer line = lines.get(current);
                if (line != null) {
                    return line;
                }
                if (current.isEmpty()) {
                    return 1;
                }
                int slash = current.lastIndexOf('/');
                current = slash <= 0 ? "" : current.substring(0, slash);
            }
        }
    }

    /** A YAML syntax error with its line. */
    static final class SyntaxError extends Exception {
        final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private LocatedYaml() {
    }

    static Document parse(Path file) throws IOException, SyntaxError {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonParser parser = YAML.createParser(reader)) {
            Map<String, Integer> lines = new HashMap<>();
            List<String[]> duplicates = new ArrayList<>();
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Document(NODES.nullNode(), lines, duplicates);
            }
            JsonNode root = read(parser, "", lines, duplicates);
            return new Document(root, lines, duplicates);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            int line = location == null ? 0 : location.getLineNr();
            throw new SyntaxError(line, "YAML syntax error: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + "; check indentation and quoting around this line");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new SyntaxError(0, "the file is not valid UTF-8; save it as UTF-8");
        }
    }

    private static JsonNode read(JsonParser parser, String pointer, Map<String, Integer> lines, List<String[]> duplicates)
            throws IOException {
        lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    int line = parser.currentTokenLocation().getLineNr();
                    String child = pointer + "/" + escape(name);
                    parser.nextToken();
                    if (object.has(name)) {
                        duplicates.add(new String[] {child, String.valueOf(line)});
                    }
                    lines.put(child, line);
                    object.set(name, read(parser, child, lines, duplicates));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, pointer + "/" + index++, lines, duplicates));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return NODES.numberNode(parser.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(parser.getBooleanValue());
            }
            default -> {
                return NODES.nullNode();
            }
        }
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
