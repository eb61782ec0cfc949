package io.middlemile.workspace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path.Node;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads the workspace folders, validates every file and cross-checks their references. All
 * problems are collected and returned together so an admin fixes them in one pass. This is exactly
 * what start-up runs and what {@code middlemile validate} prints.
 */
public final class WorkspaceLoader {

    public static final List<String> FOLDERS = List.of("connectors", "mappings", "routes", "dedupe", "assign", "hygiene", "enrich", "outreach");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final ValidatorFactory VALIDATORS = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();

    private final Map<String, String> environment;
    private final TransformCatalog transforms;
    private final ProviderCatalog providers;
    private final Predicate<RouteInfo> needsSecrets;
    private final CrmOwners crmOwners;

    /**
     * Checks the secrets of every route that starts by itself: a route marked {@code autoStartup: false}
     * runs only on demand, so its connections' variables are checked when it is run ({@link #forJob}).
     *
     * @param environment    where {@code ${VAR}} references are resolved (the process environment in production)
     * @param transforms     the transforms mappings may use
     * @param providers      the connector types connector files may declare ({@code Providers.CATALOG})
     */
    public WorkspaceLoader(Map<String, String> environment, TransformCatalog transforms, ProviderCatalog providers) {
        this(environment, transforms, providers, RouteInfo::autoStartup, null);
    }

    private WorkspaceLoader(Map<String, String> environment, TransformCatalog transforms, ProviderCatalog providers,
                            Predicate<RouteInfo> needsSecrets, CrmOwners crmOwners) {
        this.environment = environment;
        this.transforms = transforms;
        this.providers = providers;
        this.needsSecrets = needsSecrets;
        this.crmOwners = crmOwners;
    }

    /**
     * A loader that also checks the owners rule sets name against the owners read from CRM connections
     * ({@code owners: {from: CONNECTION}}), as {@code middlemile validate} does with the state store's copy. Without
     * it those owner ids are not checked: loading a workspace never calls a CRM, and the store may not be open yet.
     */
    public WorkspaceLoader withCrmOwners(CrmOwners owners) {
        return new WorkspaceLoader(environment, transforms, providers, needsSecrets, owners);
    }

    /**
     * A loader for a process that runs one job and nothing else ({@code middlemile job run NAME}): only that
     * job's connections need their environment variables. With a null job (commands that run no job), none do.
     */
    public WorkspaceLoader forJob(String job) {
        return new WorkspaceLoader(environment, transforms, providers, route -> route.id().equals(job), crmOwners);
    }

    /**
     * The outcome of loading: the workspace as far as it could be read, and every problem found.
     *
     * @param errors           every problem, the missing environment variables among them: all that stops the engine
     * @param missingVariables those of {@code errors} that are only an environment variable this environment does not set
     *                         (a route this process would run needs it); the files themselves may be fine. {@code validate}
     *                         in CI, which holds no production secrets, reports them as warnings
     */
    public record Result(Workspace workspace, List<ValidationError> errors, List<ValidationError> missingVariables) {
        public boolean valid() {
            return errors.isEmpty();
        }

        /** The problems in the files themselves: every error but the environment variables not set here. */
        public List<ValidationError> fileErrors() {
            return errors.stream().filter(error -> !missingVariables.contains(error)).toList();
        }

        public Workspace orThrow() {
            if (!valid()) {
                throw new WorkspaceException(errors);
            }
            return workspace;
        }
    }

    public Result load(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        List<ValidationError> errors = new ArrayList<>();
        if (!Files.isDirectory(absolute)) {
            errors.add(new ValidationError(absolute.toString(), 0, "", (Files.exists(absolute) ? "is a file, not a folder"
                    : "does not exist") + "; pass --workspace DIR pointing at a folder with connectors/, mappings/, routes/ and dedupe/"
                    + " (or set MIDDLEMILE_WORKSPACE)"));
            return new Result(new Workspace(absolute, Map.of(), Map.of(), List.of(), Map.of()), errors, List.of());
        }
        if (FOLDERS.stream().noneMatch(folder -> Files.isDirectory(absolute.resolve(folder)))) {
            errors.add(new ValidationError(absolute.toString(), 0, "",
                    "has none of the workspace folders connectors/, mappings/, routes/, dedupe/, assign/, hygiene/, enrich/, outreach/; is this the right --workspace?"));
        }
        Map<String, ConnectorConfig> connectors = new LinkedHashMap<>();
        Map<String, MappingConfig> mappings = new LinkedHashMap<>();
        Map<String, DedupeConfig> dedupe = new LinkedHashMap<>();
        List<RouteInfo> routes = new ArrayList<>();
        Map<String, FileContext> contexts = new LinkedHashMap<>();
        // files that exist but could not be read; references to them are not "unknown", their own errors say why
        Set<String> unreadable = new HashSet<>();

        for (Path file : files(absolute, "connectors", errors)) {
            FileContext context = parse(absolute, file, errors);
            if (context != null) {
                contexts.put("connector:" + context.id, context);
            }
            ConnectorConfig config = context == null ? null : context.bind(ConnectorConfig.class);
            if (config == null) {
                unreadable.add("connector:" + idOf(file));
            } else {
                connectors.put(context.id, config.withId(context.id));
            }
        }
        for (Path file : files(absolute, "mappings", errors)) {
            FileContext context = parse(absolute, file, errors);
            if (context != null) {
                contexts.put("mapping:" + context.id, context);
            }
            MappingConfig config = context == null ? null : context.bind(MappingConfig.class);
            if (config == null) {
                unreadable.add("mapping:" + idOf(file));
            } else {
                mappings.put(context.id, config.withId(context.id));
            }
        }
        for (Path file : files(absolute, "dedupe", errors)) {
            FileContext context = parse(absolute, file, errors);
            if (context != null) {
                contexts.put("dedupe:" + context.id, context);
            }
            DedupeConfig config = context == null ? null : context.bind(DedupeConfig.class);
            if (config == null) {
                unreadable.add("dedupe:" + idOf(file));
            } else {
                dedupe.put(context.id, config.withId(context.id));
            }
        }
        Map<String, AssignConfig> assign = new LinkedHashMap<>();
        List<AssignConfig.Owner> owners = new ArrayList<>();
        String sharedOwnersFrom = null;
        for (Path file : files(absolute, "assign", errors)) {
            FileContext context = parse(absolute, file, errors);
            if (context != null) {
                contexts.put("assign:" + context.id, context);
            }
            // owners: {from: CONNECTION} is read here; the records bind only a list of owners
            String ownersFrom = context == null ? null : OwnersFrom.read(context);
            if (idOf(file).equals(AssignConfig.OWNERS_FILE)) {
                if (ownersFrom != null) {
                    sharedOwnersFrom = OwnersFrom.onlyKey(context) ? ownersFrom : null;
                    if (sharedOwnersFrom == null || ownersFrom.isEmpty()) {
                        unreadable.add("assign:" + AssignConfig.OWNERS_FILE);
                    }
                    continue;
                }
                AssignConfig.OwnersFile config = context == null ? null : context.bind(AssignConfig.OwnersFile.class);
                if (config == null || config.owners() == null) {
                    unreadable.add("assign:" + AssignConfig.OWNERS_FILE);
                } else {
                    owners.addAll(config.owners());
                }
                continue;
            }
            AssignConfig config = context == null ? null
                    : ownersFrom == null ? context.bind(AssignConfig.class) : context.bindWithout(AssignConfig.class, "owners");
            if (config == null) {
                unreadable.add("assign:" + idOf(file));
            } else {
                assign.put(context.id, ownersFrom == null || ownersFrom.isEmpty() ? config.withId(context.id)
                        : config.withId(context.id).withOwnersFrom(ownersFrom));
            }
        }
        Map<String, HygieneConfig> hygiene = new LinkedHashMap<>();
        for (Path file : files(absolute, "hygiene", errors)) {
            FileContext context = parse(absolute, file, errors);
            if (context != null) {
                contexts.put("hygiene:" + context.id, context);
            }
            HygieneConfig config = context == null ? null : context.bind(HygieneConfig.class);
            if (config == null) {
                unreadable.add("hygiene:" + idOf(file));
            } else {
                hygiene.put(context.id, config.withId(context.id));
            }
        }
        Map<String, EnrichConfig> enrich = new LinkedHashMap<>();
        for (Path file : files(absolute, "enrich", errors)) {
            FileContext context = parse(absolute, file, errors);
            if (context != null) {
                contexts.put("enrich:" + context.id, context);
            }
            EnrichConfig config = context == null ? null : context.bind(EnrichConfig.class);
            if (config == null) {
                unreadable.add("enrich:" + idOf(file));
            } else {
                enrich.put(context.id, config.withId(context.id));
            }
        }
        Map<String, OutreachConfig> outreach = new LinkedHashMap<>();
        for (Path file : files(absolute, "outreach", errors)) {
            FileContext context = parse(absolute, file, errors);
            if (context != null) {
                contexts.put("outreach:" + context.id, context);
            }
            OutreachConfig config = context == null ? null : context.bind(OutreachConfig.class);
            if (config == null) {
                unreadable.add("outreach:" + idOf(file));
            } else {
                outreach.put(context.id, config.withId(context.id));
            }
        }
        for (Path file : files(absolute, "routes", errors)) {
            if (!file.getFileName().toString().endsWith(".camel.yaml")) {
                errors.add(new ValidationError(relative(absolute, file), 0, "",
                        "route files must be named *.camel.yaml so Camel loads them; rename it"));
                continue;
            }
            FileContext context = parse(absolute, file, errors);
            if (context != null) {
                contexts.put("route-file:" + context.file, context);
                RouteScanner.scan(context, routes);
            }
        }

        Workspace workspace = new Workspace(absolute, Collections.unmodifiableMap(connectors),
                Collections.unmodifiableMap(mappings), List.copyOf(routes), Collections.unmodifiableMap(dedupe),
                Collections.unmodifiableMap(assign), owners, Collections.unmodifiableMap(hygiene),
                Collections.unmodifiableMap(enrich), sharedOwnersFrom == null || sharedOwnersFrom.isEmpty() ? null : sharedOwnersFrom,
                Collections.unmodifiableMap(outreach));
        new CrossReferences(workspace, contexts, unreadable, environment, transforms, providers, needsSecrets, crmOwners).check();
        contexts.values().forEach(context -> errors.addAll(context.errors));
        Collections.sort(errors);
        List<ValidationError> missingVariables = new ArrayList<>();
        contexts.values().forEach(context -> missingVariables.addAll(context.missingVariables));
        Collections.sort(missingVariables);
        return new Result(workspace, List.copyOf(errors), List.copyOf(missingVariables));
    }

    private static List<Path> files(Path root, String folder, List<ValidationError> errors) {
        Path directory = root.resolve(folder);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> stream = Files.list(directory)) {
            List<Path> result = new ArrayList<>();
            for (Path file : stream.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || Files.isDirectory(file)) {
                    continue;
                }
                if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                    result.add(file);
                } else if (!name.endsWith(".md")) {
                    errors.add(new ValidationError(relative(root, file), 0, "",
                            "is not a .yaml file; only YAML (and .md notes) belong in " + folder + "/"));
                }
            }
            return result;
        } catch (IOException e) {
            errors.add(new ValidationError(folder, 0, "", "cannot be listed: " + e.getMessage()));
            return List.of();
        }
    }

    private static FileContext parse(Path root, Path file, List<ValidationError> errors) {
        String relativeName = relative(root, file);
        try {
            LocatedYaml.Document document = LocatedYaml.parse(file);
            FileContext context = new FileContext(relativeName, idOf(file), document);
            for (String[] duplicate : document.duplicateKeys()) {
                context.error(duplicate[0], "appears twice in the same mapping; YAML keeps only the last one, so remove one of them");
            }
            if (document.root().isNull() || document.root().isMissingNode()) {
                context.error("", "is empty; delete it or give it content");
                errors.addAll(context.errors);
                return null;
            }
            return context;
        } catch (LocatedYaml.SyntaxError e) {
            errors.add(new ValidationError(relativeName, e.line, "", e.getMessage()));
        } catch (IOException e) {
            errors.add(new ValidationError(relativeName, 0, "", "cannot be read: " + e.getMessage()));
        }
        return null;
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static String idOf(Path file) {
        String name = file.getFileName().toString();
        for (String suffix : List.of(".camel.yaml", ".yaml", ".yml")) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** One parsed file, its line map and the errors found in it. */
    static final class FileContext {
        final String file;
        final String id;
        final LocatedYaml.Document document;
        final List<ValidationError> errors = new ArrayList<>();
        /** Those of {@link #errors} that only say an environment variable is not set ({@link #missingVariable}). */
        final List<ValidationError> missingVariables = new ArrayList<>();

        FileContext(String file, String id, LocatedYaml.Document document) {
            this.file = file;
            this.id = id;
            this.document = document;
        }

        JsonNode root() {
            return document.root();
        }

        /** Values that could not be bound (wrong type); later checks of them would only repeat the problem. */
        private final List<String> unreadableValues = new ArrayList<>();

        void error(String pointer, String message) {
            if (couldNotRead(pointer)) {
                return;
            }
            errors.add(new ValidationError(file, document.lineOf(pointer), dotted(pointer), message));
        }

        /**
         * Whether the value at {@code pointer} (or one it is part of) could not be read: what other files' checks would
         * say about it (a connection "has no object" when its objects could not be read) only repeats this file's error.
         */
        boolean couldNotRead(String pointer) {
            for (String unreadable : unreadableValues) {
                if (pointer.equals(unreadable) || pointer.startsWith(unreadable + "/")) {
                    return true;
                }
            }
            return false;
        }

        /** A value of the wrong type: reported once; constraint and cross-reference checks of it are skipped. */
        void unreadable(String pointer, String message) {
            error(pointer, message);
            unreadableValues.add(pointer);
        }

        /**
         * An environment variable that a route this process runs needs and this environment does not set: an error for
         * the engine, which could not call the connection, but not a mistake in the file ({@link Result#missingVariables}).
         */
        void missingVariable(String pointer, String message) {
            if (couldNotRead(pointer)) {
                return;
            }
            ValidationError missing = new ValidationError(file, document.lineOf(pointer), dotted(pointer), message);
            errors.add(missing);
            missingVariables.add(missing);
        }

        void errorAt(int line, String path, String message) {
            errors.add(new ValidationError(file, line, path, message));
        }

        /** Binds the tree to a config record, reporting every unknown field, wrong type and constraint. */
        <T> T bind(Class<T> type) {
            return bindWithout(type, null);
        }

        /** As {@link #bind}, leaving out a top-level key that was read another way ({@code without}, or null). */
        <T> T bindWithout(Class<T> type, String without) {
            if (!root().isObject()) {
                error("", "must be a YAML mapping (key: value lines) at the top level, found " + describe(root()));
                return null;
            }
            ObjectNode tree = ((ObjectNode) root()).deepCopy();
            if (tree.has("id")) {
                error("/id", describe(tree.get("id")) + ": remove this line; the id is the file name, here " + id);
                tree.remove("id");
            }
            if (without != null) {
                tree.remove(without);
            }
            boolean emptyEntries = reportEmptyEntries(tree, "");
            int before = errors.size();
            T value;
            try {
                value = MAPPER.reader().forType(type).withHandler(new CollectingHandler(this)).readValue(tree);
            } catch (JsonMappingException e) {
                String at = pointer(e.getPath());
                if (!(emptyEntries && e.getCause() instanceof NullPointerException)) { // else already reported, with its own line
                    error(at, unbindable(e, tree.at(at)));
                }
                return null;
            } catch (IOException e) {
                error("", "cannot be read: " + e.getMessage());
                return null;
            }
            Validator validator = VALIDATORS.getValidator();
            List<ConstraintViolation<T>> violations = new ArrayList<>(validator.validate(value));
            violations.sort((a, b) -> a.getPropertyPath().toString().compareTo(b.getPropertyPath().toString()));
            for (ConstraintViolation<T> violation : violations) {
                String pointer = pointer(violation.getPropertyPath());
                Object invalid = violation.getInvalidValue();
                String shown = invalid == null || invalid instanceof java.util.Collection<?> || invalid instanceof Map<?, ?>
                        ? "" : " (found \"" + invalid + "\")";
                error(pointer, violation.getMessage() + shown);
            }
            return errors.size() == before || value != null ? value : null;
        }

        /**
         * "- ~" is a null list entry, which no list of a workspace file means and which every
         * reader of the list would trip over (the mapper, the dedupe engine); validation must not let it through.
         * Reported once: later checks of the same entry are skipped.
         */
        private boolean reportEmptyEntries(JsonNode node, String pointer) {
            boolean found = false;
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    if (node.get(i).isNull()) {
                        unreadable(pointer + "/" + i, "is an empty list entry (~ or null); remove it or give it a value");
                        found = true;
                    } else {
                        found |= reportEmptyEntries(node.get(i), pointer + "/" + i);
                    }
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    found |= reportEmptyEntries(field.getValue(), pointer + "/" + LocatedYaml.escape(field.getKey()));
                }
            }
            return found;
        }

        /** Jackson's own wording names Java types ("Cannot construct instance of `io.middlemile...`"); say it in the file's terms. */
        private static String unbindable(JsonMappingException e, JsonNode found) {
            if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                return "expected " + CollectingHandler.friendly(mismatch.getTargetType()) + ", found " + describe(found);
            }
            if (e.getCause() instanceof NullPointerException) {
                // the config records copy their lists and maps, which refuses an entry without a value
                return "has an entry without a value (~ or null); remove it or give it a value";
            }
            if (e.getCause() instanceof IllegalArgumentException refused && refused.getMessage() != null) {
                return refused.getMessage(); // a config record's own check, written for the admin
            }
            if (e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException tooLarge
                    && tooLarge.getTargetType() != null) {
                // Jackson: "Numeric value (99999999999) out of range of int (-2147483648 - 2147483647)"
                boolean whole = tooLarge.getTargetType() == int.class || tooLarge.getTargetType() == Integer.class;
                return "is too large: expected " + (whole ? "a whole number up to 2,147,483,647" : "a smaller number")
                        + ", found " + describe(found);
            }
            return e.getOriginalMessage().lines().findFirst().orElse("has the wrong shape");
        }

        private static String pointer(List<JsonMappingException.Reference> path) {
            StringBuilder pointer = new StringBuilder();
            for (JsonMappingException.Reference reference : path) {
                if (reference.getFieldName() != null) {
                    pointer.append('/').append(LocatedYaml.escape(reference.getFieldName()));
                } else if (reference.getIndex() >= 0) {
                    pointer.append('/').append(reference.getIndex());
                }
            }
            return pointer.toString();
        }

        private static String pointer(jakarta.validation.Path path) {
            StringBuilder pointer = new StringBuilder();
            for (Node node : path) {
                // a node's key or index is its place in the container named by the previous node,
                // so it comes before the node's own name: objects[contacts].fields -> /objects/contacts/fields
                if (node.getKey() != null) {
                    pointer.append('/').append(LocatedYaml.escape(String.valueOf(node.getKey())));
                } else if (node.getIndex() != null) {
                    pointer.append('/').append(node.getIndex());
                }
                // container element nodes (<list element>, <map value>) have no name of their own
                if (node.getName() != null && !node.getName().startsWith("<")) {
                    pointer.append('/').append(LocatedYaml.escape(node.getName()));
                }
            }
            return pointer.toString();
        }
    }

    static String dotted(String pointer) {
        if (pointer == null || pointer.isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (String segment : pointer.substring(1).split("/", -1)) {
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                path.append('[').append(name).append(']');
            } else {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(name);
            }
        }
        return path.toString();
    }

    static String describe(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isNull()) {
            return "nothing";
        }
        return "\"" + node.asText() + "\"";
    }

    /** Turns Jackson's first-error-wins binding into collect-all: records each problem and carries on. */
    private static final class CollectingHandler extends DeserializationProblemHandler {
        private final FileContext context;

        CollectingHandler(FileContext context) {
            this.context = context;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            String pointer = pointerOf(p);
            List<String> known = deserializer.getKnownPropertyNames().stream().map(String::valueOf).sorted().toList();
            context.error(pointer, "unknown field \"" + propertyName + "\"; expected one of " + known
                    + (propertyName.equals("id") ? "" : "; check the spelling"));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                                             String failureMsg) {
            context.unreadable(pointerOf(ctxt.getParser()),
                    "\"" + valueToConvert + "\" is not " + friendly(targetType));
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                                             String failureMsg) {
            context.unreadable(pointerOf(ctxt.getParser()),
                    valueToConvert + " is not " + friendly(targetType));
            return null;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                            String failureMsg) throws IOException {
            String found = switch (t) {
                case START_ARRAY -> "a list";
                case START_OBJECT -> "a mapping";
                case VALUE_NULL -> "nothing";
                default -> "\"" + p.getText() + "\"";
            };
            context.unreadable(pointerOf(p), "expected " + friendly(targetType.getRawClass()) + ", found " + found);
            p.skipChildren();
            return null;
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass, ValueInstantiator instantiator,
                                                JsonParser p, String msg) throws IOException {
            // e.g. "contacts: just-text" where a mapping (key: value lines) is expected
            String found = switch (p.currentToken()) {
                case START_ARRAY -> "a list";
                case VALUE_NULL -> "nothing";
                default -> "\"" + p.getText() + "\"";
            };
            context.unreadable(pointerOf(p), "expected " + friendly(instClass) + ", found " + found);
            p.skipChildren();
            return null;
        }

        private static String friendly(Class<?> type) {
            if (type == String.class) {
                return "a text value";
            }
            if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
                return "a number";
            }
            if (Boolean.class == type) {
                return "true or false";
            }
            if (java.util.Collection.class.isAssignableFrom(type)) {
                return "a list";
            }
            if (Map.class.isAssignableFrom(type) || type.isRecord()) {
                return "a mapping (key: value lines)";
            }
            return type.getSimpleName();
        }

        /**
         * The JSON pointer of the value the parser is on. Records bind through a token buffer whose
         * contexts do not always say whether they are an object or a list, so a named context counts
         * as an object field and only an unnamed list context as an index. When the parser stands on
         * the start of a list or mapping, the innermost context is that value's own, not a parent.
         */
        private static String pointerOf(JsonParser parser) {
            List<String> segments = new ArrayList<>();
            JsonStreamContext current = parser.getParsingContext();
            if (current != null && (parser.currentToken() == JsonToken.START_ARRAY || parser.currentToken() == JsonToken.START_OBJECT)) {
                current = current.getParent();
            }
            while (current != null && !current.inRoot()) {
                if (current.getCurrentName() != null) {
                    segments.add(LocatedYaml.escape(current.getCurrentName()));
                } else if (current.inArray()) {
                    segments.add(String.valueOf(Math.max(current.getCurrentIndex(), 0)));
                }
                current = current.getParent();
            }
            Collections.reverse(segments);
            return segments.isEmpty() ? "" : "/" + String.join("/", segments);
        }
    }

}
