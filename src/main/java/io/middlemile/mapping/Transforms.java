package io.middlemile.mapping;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The transforms a mapping may name, by name. Simple text transforms live here; the standardizers
 * of {@code io.middlemile.standardize} are registered under their own names.
 */
public final class Transforms {

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Map<String, Transform> BY_NAME = new TreeMap<>();

    static {
        BY_NAME.put("trim", (value, context) -> Transform.Result.ok(value.strip()));
        BY_NAME.put("lowercase", (value, context) -> Transform.Result.ok(value.toLowerCase(Locale.ROOT)));
        BY_NAME.put("uppercase", (value, context) -> Transform.Result.ok(value.toUpperCase(Locale.ROOT)));
        BY_NAME.put("collapse-spaces", (value, context) -> Transform.Result.ok(SPACES.matcher(value.strip()).replaceAll(" ")));
        BY_NAME.put("empty-to-null", (value, context) -> Transform.Result.ok(value.isBlank() ? null : value));
    }

    private Transforms() {
    }

    public static Optional<Transform> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static boolean exists(String name) {
        return BY_NAME.containsKey(name);
    }

    public static Set<String> names() {
        return BY_NAME.keySet();
    }
}
