package io.middlemile.workspace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of a mapping line's {@code transform:} list: a bare name ({@code - email}) or a name
 * with arguments ({@code - replace: {pattern: "\\s+", with: " "}}).
 */
public record TransformSpec(String name, Map<String, String> args) {

    public TransformSpec {
        args = args == null ? Map.of() : Map.copyOf(args);
    }

    @JsonCreator
    public static TransformSpec of(String name) {
        return new TransformSpec(name, Map.of());
    }

    @JsonCreator
    public static TransformSpec of(Map<String, Map<String, Object>> single) {
        if (single == null || single.size() != 1) {
            throw new IllegalArgumentException("a transform with arguments is one name with a mapping of arguments,"
                    + " e.g. replace: {pattern: \"\\\\s+\", with: \" \"}");
        }
        Map.Entry<String, Map<String, Object>> entry = single.entrySet().iterator().next();
        Map<String, String> args = new LinkedHashMap<>();
        if (entry.getValue() != null) {
            entry.getValue().forEach((key, value) -> args.put(key, value == null ? null : String.valueOf(value)));
        }
        return new TransformSpec(entry.getKey(), args);
    }

    @JsonValue
    Object json() {
        return args.isEmpty() ? name : Map.of(name, args);
    }

    @Override
    public String toString() {
        return args.isEmpty() ? name : name + args;
    }
}
