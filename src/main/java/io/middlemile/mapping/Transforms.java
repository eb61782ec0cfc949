package io.middlemile.mapping;

import io.middlemile.model.FieldType;
import io.middlemile.standardize.StandardizeContext;
import io.middlemile.standardize.Standardized;
import io.middlemile.standardize.Standardizer;
import io.middlemile.standardize.Standardizers;
import io.middlemile.workspace.TransformCatalog;
import io.middlemile.workspace.TransformSpec;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The transforms mappings may name: plain text transforms, the two with arguments ({@code replace},
 * {@code split}), and every standardizer of {@code io.middlemile.standardize} under its own name.
 */
public final class Transforms implements TransformCatalog {

    public static final Transforms CATALOG = new Transforms();

    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** Text transforms without arguments. */
    private static final Map<String, UnaryOperator<String>> TEXT = Map.of(
            "trim", String::strip,
            "lowercase", value -> value.toLowerCase(Locale.ROOT),
            "uppercase", value -> value.toUpperCase(Locale.ROOT),
            "collapse-spaces", value -> SPACES.matcher(value.strip()).replaceAll(" "),
            "empty-to-null", value -> value.isBlank() ? null : value);

    /** What each standardizer's value is, so a line cannot put a phone number into an email field. */
    private static final Map<String, FieldType> PRODUCES = Map.of(
            "email", FieldType.EMAIL,
            "phone", FieldType.PHONE,
            "domain", FieldType.DOMAIN,
            "company-domain", FieldType.DOMAIN,
            "linkedin-url", FieldType.URL,
            "country", FieldType.COUNTRY,
            "timestamp", FieldType.TIMESTAMP,
            "date", FieldType.DATE);

    /** What a line may {@code take} from each standardizer besides its value. */
    private static final Map<String, Set<String>> OUTPUTS = Map.ofEntries(
            Map.entry("email", Set.of("key", "domain", "freeMail", "roleAccount", "suggestion")),
            Map.entry("phone", Set.of("key", "extension", "region", "type")),
            Map.entry("person-name", Set.of("key", "prefix", "first", "middle", "last", "suffix", "nickname")),
            Map.entry("first-name", Set.of("key", "nickname")),
            Map.entry("last-name", Set.of("key")),
            Map.entry("company-name", Set.of("key", "legalForm")),
            Map.entry("domain", Set.of("key", "freeMail")),
            Map.entry("company-domain", Set.of("key", "freeMail")),
            Map.entry("linkedin-url", Set.of("key", "type")),
            Map.entry("country", Set.of("key", "name")),
            Map.entry("region", Set.of("key", "country")),
            Map.entry("job-title", Set.of("key", "seniority", "department")),
            Map.entry("timestamp", Set.of("key")),
            Map.entry("date", Set.of("key")));

    private Transforms() {
    }

    @Override
    public Set<String> standardizers() {
        return Standardizers.names();
    }

    @Override
    public Set<String> names() {
        Set<String> names = new TreeSet<>(TEXT.keySet());
        names.add("replace");
        names.add("split");
        names.addAll(Standardizers.names());
        return names;
    }

    @Override
    public Optional<String> problem(TransformSpec spec) {
        String name = spec.name();
        if (TEXT.containsKey(name) || Standardizers.byName(name).isPresent()) {
            return spec.args().isEmpty() ? Optional.empty()
                    : Optional.of("transform " + name + " takes no arguments; write it as a plain name: - " + name);
        }
        switch (name) {
            case "replace" -> {
                String pattern = spec.args().get("pattern");
                if (pattern == null || !spec.args().containsKey("with") || spec.args().size() != 2) {
                    return Optional.of("replace needs exactly pattern: (a regular expression) and with: (the replacement),"
                            + " e.g. replace: {pattern: \"\\\\s*\\\\(.*\\\\)$\", with: \"\"}");
                }
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    return Optional.of("replace pattern \"" + pattern + "\" is not a valid regular expression: " + e.getDescription());
                }
                return Optional.empty();
            }
            case "split" -> {
                String separator = spec.args().get("separator");
                String part = spec.args().get("part");
                if (separator == null || separator.isEmpty() || part == null || spec.args().size() != 2
                        || !(part.equals("first") || part.equals("last") || part.matches("[1-9][0-9]?"))) {
                    return Optional.of("split needs separator: (text) and part: (first, last or a position from 1),"
                            + " e.g. split: {separator: \";\", part: first}");
                }
                return Optional.empty();
            }
            default -> {
                return Optional.of("unknown transform \"" + name + "\"; expected one of " + names());
            }
        }
    }

    @Override
    public Set<String> outputs(String name) {
        return OUTPUTS.getOrDefault(name, Set.of());
    }

    @Override
    public Optional<FieldType> produces(String name) {
        return Optional.ofNullable(PRODUCES.get(name));
    }

    /** Builds a validated transform; the workspace validator has already checked the spec. */
    public Transform create(TransformSpec spec) {
        problem(spec).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        UnaryOperator<String> text = TEXT.get(spec.name());
        if (text != null) {
            return (value, context) -> plain(text.apply(value));
        }
        Optional<Standardizer> standardizer = Standardizers.byName(spec.name());
        if (standardizer.isPresent()) {
            // one cache per mapping line: a big export's company names and titles are standardized once each
            Standardizer found = Standardizers.remembering(standardizer.get());
            return new Transform() {
                @Override
                public Standardized apply(String value, StandardizeContext context) {
                    return found.apply(value, context);
                }

                @Override
                public void warm(String[] values) {
                    found.warm(values);
                }
            };
        }
        if (spec.name().equals("replace")) {
            Pattern pattern = Pattern.compile(spec.args().get("pattern"));
            String replacement = spec.args().get("with") == null ? "" : spec.args().get("with");
            return (value, context) -> plain(pattern.matcher(value).replaceAll(replacement));
        }
        String separator = spec.args().get("separator");
        String part = spec.args().get("part");
        return (value, context) -> {
            String[] parts = value.split(Pattern.quote(separator), -1);
            int index = switch (part) {
                case "first" -> 0;
                case "last" -> parts.length - 1;
                default -> Integer.parseInt(part) - 1;
            };
            return plain(index < parts.length ? parts[index].strip() : null);
        };
    }

    private static Standardized plain(String value) {
        return value == null || value.isEmpty() ? Standardized.empty() : Standardized.valid(value, null);
    }
}
