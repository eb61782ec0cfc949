package io.middlemile.sandbox.salesforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The org's records, by sObject type and Id. Every write stamps SystemModstamp and LastModifiedDate
 * from the {@link OrgClock}; delete and merge are soft (IsDeleted=true, in the recycle bin) so only
 * queryAll sees them, as in Salesforce. Thread-safe: one lock for the whole org.
 */
public final class OrgStore {

    /** A record Id: 15 case-sensitive or 18 case-insensitive-safe alphanumeric characters. */
    static final Pattern RECORD_ID = Pattern.compile("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-][A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]*"
            + "@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private final OrgClock clock;
    private final Map<String, SObjectSchema> schemas = SObjectSchema.standard();
    private final Map<String, Map<String, Map<String, Object>>> records = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong(1000);
    /** Per type: hash indexes for the lookups a sync makes (see {@link FieldIndex}). */
    private final Map<String, FieldIndex> indexes = new HashMap<>();
    /** While an allOrNone call is under way: how to undo each of its writes, in the order they were made (else null). */
    private List<Runnable> undo;
    /** Ids of records an approval process holds locked ({@link #lock}): no update or delete until unlocked. */
    private final Set<String> locked = new HashSet<>();

    OrgStore(OrgClock clock) {
        this.clock = clock;
    }

    /** The schema of an sObject type, or a 404 NOT_FOUND / 400 INVALID_TYPE answer as the API gives. */
    public synchronized SObjectSchema schema(String object) {
        for (SObjectSchema schema : schemas.values()) {
            if (schema.name().equalsIgnoreCase(object)) {
                return schema;
            }
        }
        throw new SfApiError(404, "NOT_FOUND", "The requested resource does not exist");
    }

    synchronized SObjectSchema schemaOrInvalidType(String object) {
        try {
            return schema(object);
        } catch (SfApiError e) {
            throw new SfApiError(400, "INVALID_TYPE", "sObject type '" + object + "' is not supported. If you are attempting "
                    + "to use a custom object, be sure to append the '__c' after the entity name.");
        }
    }

    /** Throws the whole-request 400 INVALID_FIELD an unknown field name causes. */
    synchronized void requireKnownFields(SObjectSchema schema, Collection<String> fields) {
        for (String field : fields) {
            if (schema.canonical(field) == null) {
                throw new SfApiError(400, "INVALID_FIELD", "No such column '" + field + "' on sobject of type " + schema.name());
            }
        }
    }

    public synchronized SaveOutcome create(String object, Map<String, Object> values) {
        SObjectSchema schema = schemaOrInvalidType(object);
        requireKnownFields(schema, values.keySet());
        SaveOutcome problem = validate(schema, values, true);
        if (problem != null) {
            return problem;
        }
        String id = newId(schema);
        Instant now = clock.now();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Id", id);
        row.put("IsDeleted", false);
        if (schema.mergeable()) {
            row.put("MasterRecordId", null);
        }
        row.put("CreatedDate", now);
        row.put("LastModifiedDate", now);
        row.put("SystemModstamp", now);
        values.forEach((k, v) -> row.put(schema.canonical(k), stored(schema, k, v)));
        table(schema).put(id, row);
        index(schema).written(row);
        if (undo != null) {
            undo.add(() -> table(schema).remove(id));
        }
        return SaveOutcome.ok(id, true);
    }

    public synchronized SaveOutcome update(String object, String id, Map<String, Object> values) {
        SObjectSchema schema = schemaOrInvalidType(object);
        requireKnownFields(schema, values.keySet());
        Map<String, Object> row = id == null ? null : table(schema).get(id);
        if (row == null) {
            return SaveOutcome.failed("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of());
        }
        if (Boolean.TRUE.equals(row.get("IsDeleted"))) {
            return SaveOutcome.failed("ENTITY_IS_DELETED", "entity is deleted", List.of());
        }
        if (locked.contains(id)) {
            return LOCKED;
        }
        SaveOutcome problem = validate(schema, values, false);
        if (problem != null) {
            return problem;
        }
        apply(schema, row, values);
        return SaveOutcome.ok(id, null);
    }

    /** Upsert by an external id field: updates the one live match, creates when none, fails on several. */
    public synchronized SaveOutcome upsert(String object, String externalIdField, Map<String, Object> values) {
        SObjectSchema schema = schemaOrInvalidType(object);
        requireKnownFields(schema, values.keySet());
        Object key = values.get(schema.canonical(externalIdField));
        if (key == null) {
            key = values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(externalIdField)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        if (key == null || key.toString().isBlank()) {
            return SaveOutcome.failed("MISSING_ARGUMENT", externalIdField + " not specified", List.of(externalIdField));
        }
        String field = schema.canonical(externalIdField);
        List<Map<String, Object>> matches = new ArrayList<>();
        for (Map<String, Object> row : table(schema).values()) {
            if (!Boolean.TRUE.equals(row.get("IsDeleted")) && key.toString().equals(String.valueOf(row.get(field)))) {
                matches.add(row);
            }
        }
        if (matches.size() > 1) {
            return SaveOutcome.failed("DUPLICATE_EXTERNAL_ID", "Duplicate external id specified: " + key, List.of(field));
        }
        if (matches.isEmpty()) {
            SaveOutcome created = create(object, values);
            return created.success() ? SaveOutcome.ok(created.id(), true) : created;
        }
        Map<String, Object> row = matches.get(0);
        if (locked.contains((String) row.get("Id"))) {
            return LOCKED;
        }
        SaveOutcome problem = validate(schema, values, false);
        if (problem != null) {
            return problem;
        }
        apply(schema, row, values);
        return SaveOutcome.ok((String) row.get("Id"), false);
    }

    /** Moves a record to the recycle bin: IsDeleted=true, visible only to queryAll. */
    public synchronized SaveOutcome delete(String object, String id) {
        SObjectSchema schema = schemaOrInvalidType(object);
        Map<String, Object> row = table(schema).get(id);
        if (row == null) {
            return SaveOutcome.failed("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of());
        }
        if (Boolean.TRUE.equals(row.get("IsDeleted"))) {
            return SaveOutcome.failed("ENTITY_IS_DELETED", "entity is deleted", List.of());
        }
        if (locked.contains(id)) {
            return LOCKED;
        }
        remember(row);
        row.put("IsDeleted", true);
        stamp(row);
        return SaveOutcome.ok(id, null);
    }

    /**
     * What Salesforce answers an update or delete of a record an approval process holds locked: the lock blocks all DML on
     * the record, for an integration user too, until the approval is decided or an admin unlocks it.
     */
    private static final SaveOutcome LOCKED = SaveOutcome.failed("ENTITY_IS_LOCKED", "the entity is locked for editing", List.of());

    /**
     * What Apex {@code Approval.lock(recordId)} does (a record entering an approval step): updates, deletes and merges of it
     * fail with ENTITY_IS_LOCKED until {@link #unlock}. The emulator offers it only through this method, not over HTTP.
     */
    public synchronized void lock(String object, String id) {
        if (!table(schemaOrInvalidType(object)).containsKey(id)) {
            throw new IllegalArgumentException("no " + object + " " + id + " to lock");
        }
        locked.add(id);
    }

    /** The sObject type of the record with this Id, or null when the org holds none. */
    synchronized String objectOf(String id) {
        for (SObjectSchema schema : schemas.values()) {
            if (records.getOrDefault(schema.name(), Map.of()).containsKey(id)) {
                return schema.name();
            }
        }
        return null;
    }

    /** Whether an approval process holds the record locked ({@link #lock}). */
    synchronized boolean locked(String id) {
        return locked.contains(id);
    }

    /** What Apex {@code Approval.unlock(recordId)} does: the record takes updates and deletes again. */
    public synchronized void unlock(String object, String id) {
        schemaOrInvalidType(object);
        locked.remove(id);
    }

    /**
     * What SOAP {@code merge()} does (up to 2 records merged into a master, 3 in all): the merged-away
     * records are deleted with MasterRecordId set to the master, and the master is touched.
     * The emulator offers it only through this method, not over HTTP.
     */
    public synchronized void merge(String object, String masterId, List<String> mergedIds) {
        SObjectSchema schema = schemaOrInvalidType(object);
        if (!schema.mergeable()) {
            throw new IllegalArgumentException(object + " records cannot be merged in Salesforce (only Lead, Contact, Account)");
        }
        if (mergedIds.isEmpty() || mergedIds.size() > 2) {
            throw new IllegalArgumentException("merge() takes a master and one or two records to merge into it, got " + mergedIds.size());
        }
        Map<String, Object> master = live(schema, masterId);
        for (String id : mergedIds) {
            Map<String, Object> row = live(schema, id);
            remember(row);
            row.put("IsDeleted", true);
            row.put("MasterRecordId", masterId);
            stamp(row);
            index(schema).written(row);
        }
        remember(master);
        stamp(master);
    }

    /**
     * Runs {@code writes} as one transaction, as an allOrNone call does: when {@code failed} says one of
     * its results failed, every write it made is undone (creates removed, updates and deletes restored,
     * stamps included) and the results are returned as they were, for the caller to report.
     */
    synchronized <T> T allOrNone(java.util.function.Supplier<T> writes, java.util.function.Predicate<T> failed) {
        undo = new ArrayList<>();
        boolean rollBack = true;
        try {
            T result = writes.get();
            rollBack = failed.test(result);
            return result;
        } finally {
            List<Runnable> journal = undo;
            undo = null;
            if (rollBack) {
                for (int i = journal.size() - 1; i >= 0; i--) {
                    journal.get(i).run();
                }
                indexes.clear(); // rebuilt on the next lookup, without the rows just removed
            }
        }
    }

    /**
     * One record by its 18-character Id or its 15-character form (deleted ones too), or null: what the
     * single-record resources and reference fields accept.
     */
    synchronized Map<String, Object> find(SObjectSchema schema, String id) {
        if (id == null || !RECORD_ID.matcher(id).matches()) {
            return null;
        }
        Map<String, Object> row = table(schema).get(id);
        if (row != null) {
            return row;
        }
        for (Map<String, Object> candidate : index(schema).candidates("Id", List.of(FieldIndex.key(SfFieldType.ID, id)))) {
            if (candidate != null && candidate.get("Id").toString().startsWith(id.substring(0, 15))) {
                return candidate;
            }
        }
        return null;
    }

    /** A copy of one record (deleted ones too), or null. */
    public synchronized Map<String, Object> get(String object, String id) {
        Map<String, Object> row = table(schemaOrInvalidType(object)).get(id);
        return row == null ? null : new LinkedHashMap<>(row);
    }

    /** Copies of all records of a type, deleted ones included, in creation order. */
    public synchronized List<Map<String, Object>> all(String object) {
        List<Map<String, Object>> copies = new ArrayList<>();
        table(schemaOrInvalidType(object)).values().forEach(row -> copies.add(new LinkedHashMap<>(row)));
        return copies;
    }

    /**
     * Copies of the records of a type that meet {@code where} (null: all), deleted ones only when
     * {@code withDeleted}, in creation order: what a query's WHERE selects. When the condition, or the
     * left side of its AND, is an IN list or an Id equality on an indexed field, only the rows the
     * {@link FieldIndex} lists are tested; the condition is evaluated on the same rows a full scan
     * would reach it on, so errors and results are the same, without a scan of the table.
     */
    synchronized List<Map<String, Object>> select(SObjectSchema schema, boolean withDeleted, SoqlCondition where) {
        Collection<Map<String, Object>> rows = table(schema).values();
        SoqlCondition pinned = where;
        while (pinned instanceof SoqlCondition.And and) {
            pinned = and.left();
        }
        if (pinned instanceof SoqlCondition.In in && !in.negated() && in.keys() != null
                && FieldIndex.indexable(schema.type(in.field()))) {
            rows = index(schema).candidates(schema.canonical(in.field()), in.keys());
        } else if (pinned instanceof SoqlCondition.Compare compare && compare.op().equals("=")
                && compare.literal() instanceof String literal && FieldIndex.indexable(schema.type(compare.field()))
                && schema.type(compare.field()) != SfFieldType.STRING) {
            // Ids and references only: text equality folds case as compareToIgnoreCase does, which a key cannot mirror
            rows = index(schema).candidates(schema.canonical(compare.field()),
                    List.of(FieldIndex.key(schema.type(compare.field()), literal)));
        }
        List<Map<String, Object>> selected = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            if ((withDeleted || !Boolean.TRUE.equals(row.get("IsDeleted"))) && (where == null || where.test(row, schema))) {
                selected.add(new LinkedHashMap<>(row));
            }
        }
        return selected;
    }

    private FieldIndex index(SObjectSchema schema) {
        return indexes.computeIfAbsent(schema.name(), name -> new FieldIndex(schema, table(schema)));
    }

    /** Live (not deleted) records of a type. */
    public synchronized int count(String object) {
        return (int) table(schemaOrInvalidType(object)).values().stream().filter(r -> !Boolean.TRUE.equals(r.get("IsDeleted"))).count();
    }

    private Map<String, Object> live(SObjectSchema schema, String id) {
        Map<String, Object> row = table(schema).get(id);
        if (row == null || Boolean.TRUE.equals(row.get("IsDeleted"))) {
            throw new IllegalArgumentException("No live " + schema.name() + " with Id " + id);
        }
        return row;
    }

    private SaveOutcome validate(SObjectSchema schema, Map<String, Object> values, boolean create) {
        List<String> readOnly = values.keySet().stream().filter(schema::system).toList();
        if (!readOnly.isEmpty()) {
            return SaveOutcome.failed("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: " + String.join(", ", readOnly)
                    + ". Please check the security settings of this field and verify that it is read/write for your profile or "
                    + "permission set.", readOnly);
        }
        for (Map.Entry<String, Object> value : values.entrySet()) {
            String field = schema.canonical(value.getKey());
            SaveOutcome problem = typeProblem(schema, field, value.getValue());
            if (problem == null) {
                problem = textProblem(schema, field, value.getValue());
            }
            if (problem != null) {
                return problem;
            }
        }
        List<String> missing = new ArrayList<>();
        for (String field : schema.required()) {
            boolean present = values.entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase(field));
            Object value = values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(field)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            boolean blank = value == null || value.toString().isBlank();
            if ((create && blank) || (!create && present && blank)) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            return SaveOutcome.failed("REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing);
        }
        for (Map.Entry<String, Object> value : values.entrySet()) {
            SaveOutcome problem = referenceProblem(schema, schema.canonical(value.getKey()), value.getValue());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /**
     * A value of the wrong type for its field, as the Bulk API and SOAP report it per record: {@code
     * INVALID_TYPE_ON_FIELD_IN_RECORD, "Employees: value not of required type: lots"}. The REST API refuses
     * such a JSON body as a whole before anything is saved (JSON_PARSER_ERROR, see {@link CollectionsApi#typeErrors}).
     */
    private static SaveOutcome typeProblem(SObjectSchema schema, String field, Object value) {
        if (value == null || value instanceof String text && text.isBlank()) {
            return null;
        }
        boolean fits = switch (schema.type(field)) {
            case INT, DOUBLE -> value instanceof Number || isNumber(value.toString());
            case BOOLEAN -> value instanceof Boolean || List.of("true", "false", "1", "0").contains(value.toString().strip().toLowerCase(Locale.ROOT));
            case DATE -> isDate(value.toString());
            default -> true;
        };
        return fits ? null : SaveOutcome.failed("INVALID_TYPE_ON_FIELD_IN_RECORD", schema.label(field) + ": value not of required type: " + value,
                List.of(field));
    }

    /**
     * Text over the field's length (STRING_TOO_LONG, "Title: data value too large: ... (max length=128)")
     * and an Email that is not an address Salesforce takes (INVALID_EMAIL_ADDRESS, "Email: invalid email address: ...").
     * Salesforce counts characters, not bytes; the value is checked without leading and trailing blanks.
     */
    private static SaveOutcome textProblem(SObjectSchema schema, String field, Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        Integer max = schema.length(field);
        if (max != null && text.codePointCount(0, text.length()) > max) {
            return SaveOutcome.failed("STRING_TOO_LONG", schema.label(field) + ": data value too large: " + text + " (max length=" + max + ")",
                    List.of(field));
        }
        if (schema.email(field) && !text.isEmpty() && !validEmail(text)) {
            return SaveOutcome.failed("INVALID_EMAIL_ADDRESS", schema.label(field) + ": invalid email address: " + text, List.of(field));
        }
        return null;
    }

    /**
     * A reference field's value must be a record Id (MALFORMED_ID otherwise), of an object the field points to
     * (FIELD_INTEGRITY_EXCEPTION: an Account ID holding a Contact's Id), naming a record of the org
     * (INVALID_CROSS_REFERENCE_KEY, "invalid cross reference id", which names no field) that is not in the
     * recycle bin (ENTITY_IS_DELETED). A group named by an owner field must be a queue that takes the record's object
     * (FIELD_INTEGRITY_EXCEPTION as for any other wrong Id, as Salesforce answers a queue on an object it does not
     * support). A blank value clears the field.
     */
    private SaveOutcome referenceProblem(SObjectSchema schema, String field, Object value) {
        if (schema.type(field) != SfFieldType.REFERENCE || value == null || value.toString().isBlank()) {
            return null;
        }
        String id = value.toString().strip();
        String label = schema.label(field);
        if (!RECORD_ID.matcher(id).matches()) {
            return SaveOutcome.failed("MALFORMED_ID", label + ": id value of incorrect type: " + id, List.of(field));
        }
        List<String> targets = schema.referenceTo(field);
        if (targets.isEmpty()) {
            return null;
        }
        SObjectSchema to = referenced(targets, id);
        if (to == null) {
            return SaveOutcome.failed("FIELD_INTEGRITY_EXCEPTION", label + ": id value of incorrect type: " + id, List.of(field));
        }
        Map<String, Object> row = find(to, id);
        if (row == null) {
            return SaveOutcome.failed("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of());
        }
        if (Boolean.TRUE.equals(row.get("IsDeleted"))) {
            return SaveOutcome.failed("ENTITY_IS_DELETED", "entity is deleted", List.of());
        }
        if (field.equals("OwnerId") && to.name().equals("Group") && !queueOf(row.get("Id").toString(), schema.name())) {
            return SaveOutcome.failed("FIELD_INTEGRITY_EXCEPTION", label + ": id value of incorrect type: " + id, List.of(field));
        }
        return null;
    }

    /** The object of {@code targets} whose Ids {@code id} has the prefix of, or null. */
    private SObjectSchema referenced(List<String> targets, String id) {
        for (String target : targets) {
            SObjectSchema to = schema(target);
            if (id.startsWith(to.keyPrefix())) {
                return to;
            }
        }
        return null;
    }

    /** Whether group {@code groupId} is a queue whose supported objects include {@code object} (a QueueSobject row). */
    private boolean queueOf(String groupId, String object) {
        Map<String, Object> group = table(schema("Group")).get(groupId);
        return group != null && "Queue".equals(group.get("Type")) && table(schema("QueueSobject")).values().stream()
                .anyMatch(row -> !Boolean.TRUE.equals(row.get("IsDeleted")) && groupId.equals(row.get("QueueId"))
                        && object.equalsIgnoreCase(String.valueOf(row.get("SobjectType"))));
    }

    /**
     * Salesforce's email format (https://help.salesforce.com/s/articleView?id=000001145&type=1): a local part
     * of ASCII letters, digits and {@code !#$%&'*+-/=?^_`{|}~.}, not starting with a dot; one @; a domain of
     * dot-separated labels of letters, digits and hyphens, with at least one dot (kevin@dundermifflin is refused).
     */
    static boolean validEmail(String email) {
        return EMAIL.matcher(email).matches();
    }

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean isDate(String text) {
        String date = text.strip();
        if (date.length() > 10 && date.charAt(10) == 'T') {
            date = date.substring(0, 10);
        }
        try {
            java.time.LocalDate.parse(date);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private void remember(Map<String, Object> row) {
        if (undo != null) {
            Map<String, Object> before = new LinkedHashMap<>(row);
            undo.add(() -> {
                row.clear();
                row.putAll(before);
            });
        }
    }

    private void apply(SObjectSchema schema, Map<String, Object> row, Map<String, Object> values) {
        remember(row);
        values.forEach((k, v) -> row.put(schema.canonical(k), stored(schema, k, v)));
        stamp(row);
        index(schema).written(row);
    }

    private void stamp(Map<String, Object> row) {
        Instant now = clock.now();
        row.put("LastModifiedDate", now);
        row.put("SystemModstamp", now);
    }

    private Map<String, Map<String, Object>> table(SObjectSchema schema) {
        return records.computeIfAbsent(schema.name(), k -> new LinkedHashMap<>());
    }

    /**
     * 18 characters, key prefix first; zero-padded so string order is creation order, as the tie-break needs. The last
     * three are the case-safe suffix of the first 15, as Salesforce computes it (a letter per 5 characters whose bits say
     * which are upper case, https://developer.salesforce.com/docs/marketing/marketing-cloud/guide/longsfid.html): here only
     * the D of "Dn" is, the fourth character of the first five (bit 3, "I"), so every Id ends in "IAA".
     */
    private String newId(SObjectSchema schema) {
        return schema.keyPrefix() + "Dn000" + String.format("%07d", sequence.incrementAndGet()) + "IAA";
    }

    /**
     * A value as the org keeps it: typed, and a reference as the Id of the record it names, so one written in its
     * 15-character form reads back in its 18-character one, as every API call returns Ids
     * (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm, "ID Field Type").
     */
    private Object stored(SObjectSchema schema, String field, Object value) {
        Object typed = coerce(schema.type(field), value);
        if (schema.type(field) == SfFieldType.REFERENCE && typed instanceof String id && id.strip().length() == 15) {
            SObjectSchema target = referenced(schema.referenceTo(field), id.strip());
            Map<String, Object> named = target == null ? null : find(target, id.strip());
            return named == null ? typed : named.get("Id");
        }
        return typed;
    }

    private static Object coerce(SfFieldType type, Object value) {
        if (value == null || type == null) {
            return value;
        }
        String text = value.toString();
        try {
            return switch (type) {
                case INT -> text.isBlank() ? null : new BigDecimal(text).intValueExact();
                case DOUBLE -> text.isBlank() ? null : new BigDecimal(text);
                case BOOLEAN -> value instanceof Boolean ? value : text.strip().equalsIgnoreCase("true") || text.strip().equals("1");
                default -> value instanceof String ? value : text;
            };
        } catch (ArithmeticException | NumberFormatException e) {
            return text;
        }
    }
}
