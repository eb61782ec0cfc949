package io.middlemile.workspace;

import io.middlemile.model.Target;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed hub endpoint URI as written in a route: {@code hub-read:CONNECTION/OBJECT},
 * {@code hub-map:MAPPING?direction=in|out}, {@code hub-write:CONNECTION/OBJECT},
 * {@code hub-sync:CONNECTION/OBJECT?mapping=MAPPING}, {@code hub-enrich:WATERFALL},
 * {@code hub-assign:RULESET}, {@code hub-enrol:OUTREACH}, {@code hub-interest:OUTREACH},
 * {@code hub-writeback:CONNECTION/OBJECT?mapping=PERSON_MAPPING&notes=NOTES_OBJECT&noteMapping=NOTE_MAPPING}. The one parser of these URIs: {@code middlemile
 * validate} and the Camel components both read them here, so a malformed URI gets the same message
 * from either ({@link #problem()}).
 *
 * @param line and {@code path}: where the URI was written, for messages (0 and empty at runtime)
 */
public record HubEndpoint(Kind kind, String uri, String connection, String object, String mapping,
                          Map<String, String> parameters, int line, String path) {

    public enum Kind {
        // a hub-read also takes Camel's scheduled-poll options (delay, initialDelay, scheduler, ...), which Camel checks
        READ("hub-read", "hub-read:crm-export/contacts", "pageSize"),
        MAP("hub-map", "hub-map:hubspot-contacts?direction=in", "direction"),
        WRITE("hub-write", "hub-write:clean-contacts/contacts"),
        SYNC("hub-sync", "hub-sync:salesforce/Contact?mapping=salesforce-contacts", "mapping", "matchOn", "deletes"),
        ENRICH("hub-enrich", "hub-enrich:contacts"),
        CLEAN("hub-clean", "hub-clean:hubspot-contacts", "rules"),
        ASSIGN("hub-assign", "hub-assign:leads", "accounts"),
        ENROL("hub-enrol", "hub-enrol:outbound"),
        INTEREST("hub-interest", "hub-interest:outbound"),
        WRITEBACK("hub-writeback", "hub-writeback:hubspot/contacts?mapping=hubspot-contacts&notes=notes&noteMapping=hubspot-notes",
                "mapping", "notes", "noteMapping");

        private final String scheme;
        private final String example;
        private final List<String> parameters;

        Kind(String scheme, String example, String... parameters) {
            this.scheme = scheme;
            this.example = example;
            this.parameters = List.of(parameters);
        }

        public String scheme() {
            return scheme;
        }
    }

    /**
     * Parses the URI of an endpoint Camel is creating for a route, and fails with the message
     * {@code middlemile validate} gives for the same URI when it is malformed.
     */
    public static HubEndpoint require(Kind kind, String uri) {
        HubEndpoint endpoint = parse(uri).filter(parsed -> parsed.kind() == kind)
                .orElseThrow(() -> new IllegalArgumentException("\"" + uri + "\" is not a " + kind.scheme + " URI; expected "
                        + kind.example));
        endpoint.problem().ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return endpoint;
    }

    /** A parameter that lists names, such as hub-clean's {@code rules=phones, countries}: each name, trimmed; empty when absent. */
    public List<String> names(String parameter) {
        String value = parameters.get(parameter);
        return value == null ? List.of() : java.util.Arrays.stream(value.split(",")).map(String::strip).toList();
    }

    /** CONNECTION/OBJECT of a read, write or sync endpoint; empty for hub-map and for a URI that names no object. */
    public Optional<Target> target() {
        if (connection == null || connection.isBlank() || object == null || object.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Target(connection, object));
    }

    /**
     * What is wrong with the URI itself, before any workspace file is looked at; empty when its shape
     * is right. Whether the connection, object or mapping it names exist is the workspace's check.
     */
    public Optional<String> problem() {
        Optional<String> parameter = parameterProblem();
        if (parameter.isPresent()) {
            return parameter;
        }
        if (kind == Kind.MAP) {
            String direction = parameters.get("direction");
            if ("in".equals(direction) || "out".equals(direction)) {
                return Optional.empty();
            }
            return Optional.of("hub-map needs direction=in (provider record to canonical) or direction=out (canonical to provider"
                    + " record), found " + (direction == null ? "none" : "\"" + direction + "\""));
        }
        if (kind == Kind.ENRICH) {
            return mapping == null || mapping.isBlank()
                    ? Optional.of("hub-enrich needs the waterfall to run: hub-enrich:NAME, a file of enrich/, e.g. " + kind.example)
                    : Optional.empty();
        }
        if (kind == Kind.CLEAN) {
            return mapping == null || mapping.isBlank()
                    ? Optional.of("hub-clean needs the hygiene file whose fixes it writes: hub-clean:NAME, a file of hygiene/, e.g. "
                    + kind.example)
                    : Optional.empty();
        }
        if (kind == Kind.ASSIGN) {
            return mapping == null || mapping.isBlank()
                    ? Optional.of("hub-assign needs the rule set to assign by: hub-assign:NAME, a file of assign/, e.g. " + kind.example)
                    : Optional.empty();
        }
        if (kind == Kind.ENROL) {
            return mapping == null || mapping.isBlank()
                    ? Optional.of("hub-enrol needs the outreach file to send by: hub-enrol:NAME, a file of outreach/, e.g. " + kind.example)
                    : Optional.empty();
        }
        if (kind == Kind.INTEREST) {
            return mapping == null || mapping.isBlank()
                    ? Optional.of("hub-interest needs the outreach file whose email.interest table it applies: hub-interest:NAME, a"
                    + " file of outreach/, e.g. " + kind.example)
                    : Optional.empty();
        }
        if (target().isEmpty()) {
            return Optional.of("\"" + uri + "\" must name a connection and an object: " + kind.scheme + ":CONNECTION/OBJECT, e.g. "
                    + kind.example);
        }
        if (kind == Kind.WRITEBACK) {
            List<String> missing = java.util.stream.Stream.of("mapping", "notes", "noteMapping")
                    .filter(name -> parameters.get(name) == null || parameters.get(name).isBlank()).toList();
            if (!missing.isEmpty()) {
                return Optional.of("hub-writeback needs " + String.join(", ", missing) + ": mapping= the person mapping of " + connection
                        + "/" + object + ", notes= the object notes are written to, noteMapping= the activity mapping of that object, e.g. "
                        + kind.example);
            }
        }
        return Optional.empty();
    }

    /** Camel's options of every endpoint, which a hub step takes as any Camel endpoint does. */
    private static final java.util.Set<String> CAMEL_OPTIONS = java.util.Set.of("lazyStartProducer", "bridgeErrorHandler",
            "exceptionHandler", "exchangePattern");

    /** The poll times of a hub-read that may be written as durations ({@link #pollMillis}). */
    public static final List<String> POLL_TIMES = List.of("delay", "initialDelay");

    /**
     * A parameter the step does not take, or a value of a hub-read's the engine would refuse only as it starts (with
     * Java's "For input string" and no file or line): page size, and the poll times, which may be durations.
     */
    private Optional<String> parameterProblem() {
        if (kind != Kind.READ) {
            List<String> unknown = parameters.keySet().stream()
                    .filter(name -> !kind.parameters.contains(name) && !CAMEL_OPTIONS.contains(name)).sorted().toList();
            if (!unknown.isEmpty()) {
                return Optional.of(unknown.stream().map(name -> "\"" + name + "\"").collect(java.util.stream.Collectors.joining(", "))
                        + (unknown.size() == 1 ? " is not a parameter" : " are not parameters") + " of " + kind.scheme + ", which takes "
                        + (kind.parameters.isEmpty() ? "none" : String.join(", ", kind.parameters)) + " (e.g. " + kind.example + ")");
            }
            String deletes = kind == Kind.SYNC ? parameters.get("deletes") : null;
            if (deletes != null && !List.of("archive", "ignore").contains(deletes.strip().toLowerCase(java.util.Locale.ROOT))) {
                return Optional.of("deletes: must be archive (a record deleted at the source archives its linked record) or ignore,"
                        + " found \"" + deletes + "\"");
            }
            return Optional.empty();
        }
        String pageSize = parameters.get("pageSize");
        if (pageSize != null && (!pageSize.strip().matches("\\d{1,6}") || Integer.parseInt(pageSize.strip()) < 1
                || Integer.parseInt(pageSize.strip()) > MAX_PAGE_SIZE)) {
            return Optional.of("pageSize: must be a whole number of records from 1 to " + MAX_PAGE_SIZE + " (each page is written and"
                    + " committed before the next is read), found \"" + pageSize + "\"");
        }
        for (String time : POLL_TIMES) {
            String value = parameters.get(time);
            if (value == null) {
                continue;
            }
            java.util.OptionalLong millis = pollMillis(value);
            boolean delay = time.equals("delay");
            if (millis.isEmpty() || millis.getAsLong() < (delay ? 1 : 0)) {
                return Optional.of(time + ": must be " + (delay ? "more than 0" : "0 or more") + ": milliseconds (3600000) or a"
                        + " duration such as 30s, 15m, 1h, 1h30m, 1d or PT1H, found \"" + value + "\"");
            }
            if (!value.strip().matches("\\d+") && parameters.containsKey("timeUnit")) {
                return Optional.of(time + ": " + value + " says its own unit; leave out timeUnit, or write " + time + " as a plain"
                        + " number of timeUnit");
            }
        }
        return Optional.empty();
    }

    /** The most records a hub-read page holds (pageSize). */
    public static final int MAX_PAGE_SIZE = 100_000;

    /**
     * A poll time as written in a route: whole milliseconds ({@code 3600000}), a duration of days, hours, minutes and
     * seconds ({@code 1d}, {@code 1h30m}, {@code 45s}), or ISO-8601 ({@code PT1H}); empty when it is none of these.
     * Camel's own endpoints take durations; the hub's read them as a whole number and failed on "1h".
     */
    public static java.util.OptionalLong pollMillis(String value) {
        String text = value.strip();
        if (text.matches("\\d{1,15}")) {
            return java.util.OptionalLong.of(Long.parseLong(text));
        }
        if (text.matches("(?i)P.+")) {
            try {
                return java.util.OptionalLong.of(java.time.Duration.parse(text).toMillis());
            } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
                return java.util.OptionalLong.empty();
            }
        }
        java.util.regex.Matcher parts = DURATION.matcher(text);
        if (text.isEmpty() || !parts.matches()) {
            return java.util.OptionalLong.empty();
        }
        long millis = 0;
        long[] unit = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        for (int i = 0; i < unit.length; i++) {
            if (parts.group(i + 1) != null) {
                millis += Long.parseLong(parts.group(i + 1)) * unit[i];
            }
        }
        return java.util.OptionalLong.of(millis);
    }

    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile(
            "(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,6})s)?");

    /** Parses a URI; empty when it is not a hub endpoint (other Camel components are Camel's business). */
    public static Optional<HubEndpoint> parse(String uri) {
        return parse(uri, Map.of(), 0, "");
    }

    /** Parses a URI found in a route file at {@code line}/{@code path}, merged with its {@code parameters:}. */
    public static Optional<HubEndpoint> parse(String uri, Map<String, String> extraParameters, int line, String path) {
        if (uri == null) {
            return Optional.empty();
        }
        int colon = uri.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String scheme = uri.substring(0, colon);
        Kind kind = null;
        for (Kind candidate : Kind.values()) {
            if (candidate.scheme.equals(scheme)) {
                kind = candidate;
            }
        }
        if (kind == null) {
            return Optional.empty();
        }
        String rest = uri.substring(colon + 1);
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        int question = rest.indexOf('?');
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                parameters.put(key, value);
            }
            rest = rest.substring(0, question);
        }
        if (extraParameters != null) {
            parameters.putAll(extraParameters);
        }
        String connection = null;
        String object = null;
        String mapping = null;
        if (kind == Kind.MAP || kind == Kind.ENRICH || kind == Kind.CLEAN || kind == Kind.ASSIGN || kind == Kind.ENROL
                || kind == Kind.INTEREST) {
            mapping = rest;
        } else {
            mapping = kind == Kind.SYNC || kind == Kind.WRITEBACK ? parameters.get("mapping") : null;
            int slash = rest.indexOf('/');
            connection = slash < 0 ? rest : rest.substring(0, slash);
            object = slash < 0 ? null : rest.substring(slash + 1);
        }
        return Optional.of(new HubEndpoint(kind, uri, connection, object, mapping, Map.copyOf(parameters), line, path));
    }
}
