package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.connector.Archiver;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.ObservedHttp;
import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorDescription;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.CrmUser;
import io.middlemile.connector.UserDirectory;
import io.middlemile.connector.Lookup;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.HealthCheck;
import io.middlemile.connector.Merger;
import io.middlemile.connector.RecordSink;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.VendorHttp;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.SalesforceBulk;
import io.middlemile.workspace.SecretRefs;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Salesforce org as a connection: sObjects (Lead, Contact, Account, Opportunity, custom ones) read
 * as a {@link ChangeSource}, written as a {@link RecordSink}, read back by key as {@link CurrentState},
 * and deleted to the recycle bin as an {@link Archiver}.
 *
 * <p>Reading: see {@link SalesforceChangeReader}. Records carry the connector file's fields plus Id,
 * SystemModstamp and IsDeleted (and MasterRecordId on Lead, Contact, Account); a deleted record has
 * {@code __deleted=true}, a record merged away also {@code __mergedInto=<surviving Id>}. Cursor:
 * {@link SalesforceCursor} JSON.
 *
 * <p>Writing: see {@link SalesforceRecordWriter}; batches of at most 200. The object's {@code id:}
 * in the connector file decides the key: {@code Id} (update by Id, create otherwise: creates are not
 * replay-safe) or an external id field (upsert by it: replay-safe).
 *
 * <p>Quota: {@link #apiUsage()} is the org's daily usage from the last answer; calls stop with
 * QUOTA_EXHAUSTED when it reaches the share not reserved for people ({@link SalesforceSettings#reservedShare()}).
 *
 * <p>Merging: {@link #merge} through SOAP merge() (Lead, Contact, Account only), one duplicate per call;
 * the merged-away record is then read through queryAll with {@code __mergedInto}.
 *
 * <p>Bulk API 2.0 ({@link #bulk()}, the connector file's {@code bulk:} section): a read whose query matches more than
 * {@code queryAbove} records runs as a queryAll job ({@link SalesforceChangeReader}); a write batch with more than
 * {@code ingestAbove} upserts or updates runs as an ingest job ({@link SalesforceBulkWriter}). Records, cursors and
 * per-record outcomes are the same as on the REST path. With ingest on, {@link #maxBatchSize()} is
 * {@link SalesforceBulk#MAX_INGEST_BATCH} and smaller batches are split into Collections calls of 200 here.
 *
 * <p>Not thread-safe: one job run uses an instance at a time. Secrets live only in {@link SalesforceAuth}.
 */
public final class SalesforceConnector implements Connector, ChangeSource, RecordSink, CurrentState, Archiver, Merger, Lookup,
        UserDirectory {

    public static final String DELETED_FIELD = SalesforceChangeReader.DELETED_FIELD;
    public static final String MERGED_INTO_FIELD = SalesforceChangeReader.MERGED_INTO_FIELD;
    /** Objects with MasterRecordId (merge is available for them). */
    static final Set<String> MERGEABLE = Set.of("Lead", "Contact", "Account");

    private final String connectionId;
    private final Map<String, ObjectConfig> objects;
    private final SalesforceSettings settings;
    private final SalesforceBulk bulk;
    private final SalesforceClient client;
    private final Map<String, SalesforceFieldCatalog> catalogs = new LinkedHashMap<>();

    public SalesforceConnector(String connectionId, ConnectorConfig config, Map<String, String> env) {
        this(connectionId, config, env, SalesforceSettings.defaults(config.baseUrl()));
    }

    public SalesforceConnector(String connectionId, ConnectorConfig config, Map<String, String> env, SalesforceSettings settings) {
        this(connectionId, config, env, settings, Budgets.LOCAL);
    }

    /** @param budgets where the connection's request budget is counted (a cluster shares it between nodes) */
    public SalesforceConnector(String connectionId, ConnectorConfig config, Map<String, String> env, SalesforceSettings settings,
                               Budgets budgets) {
        this(connectionId, config, env, settings, budgets, CallObserver.NONE);
    }

    /** @param calls told of every HTTP exchange, the daily quota left and the guards (the engine's metrics) */
    public SalesforceConnector(String connectionId, ConnectorConfig config, Map<String, String> env, SalesforceSettings settings,
                               Budgets budgets, CallObserver calls) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
        if (config.objects() == null || config.objects().isEmpty()) {
            throw new IllegalArgumentException("Salesforce connection '" + connectionId + "' configures no object; add e.g. "
                    + "objects: {Contact: {id: Id, modifiedField: SystemModstamp, fields: [Id, Email, LastName]}}");
        }
        this.objects = Map.copyOf(config.objects());
        this.settings = settings;
        this.bulk = settings.bulk() != null ? settings.bulk() : config.bulkThresholds();
        HttpClient http = ObservedHttp.of(VendorHttp.client(), connectionId, calls,
                ApiUsage.QUOTA);
        SalesforceAuth auth = SalesforceAuth.from(connectionId, config.auth(), settings.baseUrl(), env, http);
        this.client = new SalesforceClient(connectionId, settings, auth, http, new SalesforceResilience(connectionId, settings, budgets, calls),
                new SalesforceErrorClassifier(connectionId));
    }

    @Override
    public ConnectorDescription describe() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        objects.forEach((name, config) -> fields.put(name, List.copyOf(config.fields())));
        return ConnectorDescription.of(this, connectionId, SalesforceProvider.TYPE, fields);
    }

    /** All fields of an object as the org's describe reports them, custom fields included (cached per instance). */
    public List<String> discoverFields(String object) {
        requireObject(object);
        return catalog(object).names();
    }

    /** The baseUrl as messages print it: without user information, so a password written into it never reaches a log. */
    private String shownBaseUrl() {
        return SecretRefs.withoutUserInfo(settings.baseUrl());
    }

    @Override
    public HealthCheck check() {
        try {
            JsonNode limits = client.limits();
            JsonNode daily = limits.path("DailyApiRequests");
            return HealthCheck.ok("Salesforce at " + shownBaseUrl() + " accepted connection '" + connectionId + "'; "
                    + daily.path("Remaining").asLong(-1) + " of " + daily.path("Max").asLong(-1) + " daily API requests remain.");
        } catch (ConnectorException e) {
            return HealthCheck.failed(e.getMessage());
        } catch (RuntimeException e) {
            return HealthCheck.failed("Could not check Salesforce connection '" + connectionId + "' at " + shownBaseUrl() + ": " + e
                    + ". Check baseUrl in its connector file.");
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public SourcePage readChanges(String object, Cursor cursor, int pageSize) {
        ObjectConfig config = requireObject(object);
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
        String modified = modifiedField(config);
        Set<String> wanted = new LinkedHashSet<>(List.of("Id", modified, "IsDeleted"));
        if (MERGEABLE.contains(object)) {
            wanted.add("MasterRecordId");
        }
        wanted.addAll(config.fields());
        SalesforceChangeReader reader = new SalesforceChangeReader(connectionId, object, modified, List.copyOf(wanted), client, bulk,
                () -> catalog(object));
        return reader.read(SalesforceCursor.parse(cursor, connectionId, object), pageSize);
    }

    static String modifiedField(ObjectConfig config) {
        return config.modifiedField() == null || config.modifiedField().isBlank() ? "SystemModstamp" : config.modifiedField();
    }

    // ---------------------------------------------------------------- writing

    /** 200 (one sObject Collections call), or with Bulk API 2.0 ingest on, up to 10,000 (split here, or one ingest job). */
    @Override
    public int maxBatchSize() {
        return bulk.ingestEnabled() ? SalesforceBulk.MAX_INGEST_BATCH : SalesforceClient.MAX_COLLECTION_RECORDS;
    }

    /** The Bulk API 2.0 thresholds in force (the settings', else the connector file's, else the defaults). */
    public SalesforceBulk bulk() {
        return bulk;
    }

    @Override
    public List<WriteOutcome> upsert(String object, List<TargetRecord> records) {
        ObjectConfig config = requireObject(object);
        if (records.size() > maxBatchSize()) {
            throw new IllegalArgumentException("Salesforce takes at most " + maxBatchSize() + " records per batch, got " + records.size()
                    + "; the caller splits batches by maxBatchSize().");
        }
        if (records.isEmpty()) {
            return List.of();
        }
        return new SalesforceRecordWriter(connectionId, object, externalIdField(config), catalog(object), client, bulk).write(records);
    }

    /** The external id field records are upserted by, or null when the object is keyed by Id. */
    static String externalIdField(ObjectConfig config) {
        return config.id() == null || config.id().isBlank() || config.id().equalsIgnoreCase("Id") ? null : config.id();
    }

    // ---------------------------------------------------------------- current state

    /**
     * Current values of the configured fields, by key (record Id, or external id value), with
     * {@code SELECT ... WHERE key IN (...)} through query (not queryAll: deleted records are not
     * current), in as many queries as Salesforce's URI limit needs ({@link SoqlInLookup}). A 15-character
     * Id key finds its 18-character record. Keys too long to look up ({@link #unreadableKeys}) are left out.
     */
    @Override
    public Map<String, Map<String, Object>> current(String object, Collection<String> keys) {
        ObjectConfig config = requireObject(object);
        return byKey(object, config, keyField(config), keys);
    }

    /** Keys whose query alone would be over Salesforce's URI limit, with why; {@link #current} leaves them out. */
    @Override
    public Map<String, String> unreadableKeys(String object, Collection<String> keys) {
        ObjectConfig config = requireObject(object);
        String keyField = keyField(config);
        return tooLong(object, keyField, keyLookup(object, config, keyField), lookupKeys(keyField, keys));
    }

    private static String keyField(ObjectConfig config) {
        return externalIdField(config) == null ? "Id" : externalIdField(config);
    }

    /** The distinct keys worth asking for: by Id, only what looks like a record Id (anything else is a create). */
    private static List<String> lookupKeys(String keyField, Collection<String> keys) {
        List<String> wanted = new ArrayList<>(new LinkedHashSet<>(keys));
        if (keyField.equals("Id")) {
            wanted.removeIf(k -> !Soql.isRecordId(k));
        }
        return wanted;
    }

    private SoqlInLookup keyLookup(String object, ObjectConfig config, String keyField) {
        Set<String> select = new LinkedHashSet<>(List.of("Id"));
        select.add(keyField);
        select.addAll(config.fields());
        return new SoqlInLookup(client.queryUriPrefix(false), "SELECT " + String.join(", ", select) + " FROM " + object + " WHERE "
                + keyField + " IN ", "");
    }

    /** The configured fields of live records whose {@code keyField} is one of {@code keys}, by the key as asked. */
    private Map<String, Map<String, Object>> byKey(String object, ObjectConfig config, String keyField, Collection<String> keys) {
        List<String> wanted = lookupKeys(keyField, keys);
        Map<String, String> byId15 = new LinkedHashMap<>();
        wanted.forEach(k -> byId15.put(k.length() >= 15 ? k.substring(0, 15) : k, k));
        Map<String, Map<String, Object>> current = new LinkedHashMap<>();
        SoqlInLookup lookup = keyLookup(object, config, keyField);
        for (List<String> batch : lookup.split(wanted).batches()) {
            for (ObjectNode row : client.allRows(client.query(lookup.soql(batch), false))) {
                Map<String, Object> fields = SalesforceJson.fields(row);
                Object key = fields.get(keyField);
                if (key == null) {
                    continue;
                }
                String k = key.toString();
                String asKeyed = keyField.equals("Id") ? byId15.getOrDefault(k.substring(0, Math.min(15, k.length())), k) : k;
                current.put(asKeyed, fields);
            }
        }
        return current;
    }

    /** The users who can own records, active or not, as owner assignment reads them. */
    static final String USERS_SOQL = "SELECT Id, Name, Email, IsActive FROM User";
    /** The queues, which own records too (a Lead's OwnerId may name one), and the objects each supports. */
    static final String QUEUES_SOQL = "SELECT Id, Name, Email FROM Group WHERE Type = 'Queue'";
    static final String QUEUE_OBJECTS_SOQL = "SELECT QueueId, SobjectType FROM QueueSobject";

    /**
     * Every {@code User}, deactivated ones included ({@code IsActive = false}: Salesforce keeps users, it never deletes
     * them), then every queue with the objects it supports, each through query and its nextRecordsUrl batches.
     * Doc: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_user.htm
     */
    @Override
    public List<CrmUser> users() {
        List<CrmUser> users = new ArrayList<>();
        for (ObjectNode row : client.allRows(client.query(USERS_SOQL, false))) {
            users.add(new CrmUser(row.path("Id").asText(), blankToNull(row.path("Name").asText(null)),
                    blankToNull(row.path("Email").asText(null)), row.path("IsActive").asBoolean(false)));
        }
        // https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-queuesobject.html
        Map<String, List<String>> supported = new LinkedHashMap<>();
        for (ObjectNode row : client.allRows(client.query(QUEUE_OBJECTS_SOQL, false))) {
            supported.computeIfAbsent(row.path("QueueId").asText(), queue -> new ArrayList<>()).add(row.path("SobjectType").asText());
        }
        // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_group.htm
        for (ObjectNode row : client.allRows(client.query(QUEUES_SOQL, false))) {
            String id = row.path("Id").asText();
            users.add(new CrmUser(id, blankToNull(row.path("Name").asText(null)), blankToNull(row.path("Email").asText(null)), true,
                    supported.getOrDefault(id, List.of())));
        }
        return users;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /**
     * Record Ids by the value of a field, with {@code SELECT Id, field FROM object WHERE field IN (...)}
     * through query (deleted records are not matches), in as many queries as Salesforce's URI limit needs.
     * Comparison is case-insensitive, as SOQL's is. Values too long to look up ({@link #unsearchableValues}) are
     * left out.
     * Doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
     */
    @Override
    public Map<String, String> find(String object, String field, Collection<String> values) {
        requireObject(object);
        List<String> wanted = searchValues(values);
        Map<String, String> byLower = new LinkedHashMap<>();
        SoqlInLookup lookup = valueLookup(object, field);
        for (List<String> batch : lookup.split(wanted).batches()) {
            for (ObjectNode row : client.allRows(client.query(lookup.soql(batch), false))) {
                Map<String, Object> fields = SalesforceJson.fields(row);
                Object value = fields.get(field);
                if (value != null) {
                    byLower.putIfAbsent(value.toString().toLowerCase(java.util.Locale.ROOT), String.valueOf(fields.get("Id")));
                }
            }
        }
        Map<String, String> found = new LinkedHashMap<>();
        wanted.forEach(value -> {
            String id = byLower.get(value.toLowerCase(java.util.Locale.ROOT));
            if (id != null) {
                found.put(value, id);
            }
        });
        return found;
    }

    /** Values whose query alone would be over Salesforce's URI limit, with why; {@link #find} leaves them out. */
    @Override
    public Map<String, String> unsearchableValues(String object, String field, Collection<String> values) {
        requireObject(object);
        return tooLong(object, field, valueLookup(object, field), searchValues(values));
    }

    private static List<String> searchValues(Collection<String> values) {
        return values.stream().filter(v -> v != null && !v.isBlank()).distinct().toList();
    }

    private SoqlInLookup valueLookup(String object, String field) {
        return new SoqlInLookup(client.queryUriPrefix(false), "SELECT Id, " + field + " FROM " + object + " WHERE " + field + " IN ",
                " ORDER BY Id");
    }

    /** The values a lookup cannot send even alone, each with a reason an ops person can act on. */
    private Map<String, String> tooLong(String object, String field, SoqlInLookup lookup, List<String> values) {
        Map<String, String> refused = new LinkedHashMap<>();
        for (String value : lookup.split(values).tooLong()) {
            String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
            refused.put(value, "Salesforce connection '" + connectionId + "' cannot look up " + object + " by " + field + " = '" + shown
                    + "' (" + value.length() + " characters): a query for this value alone is " + lookup.uriBytes(List.of(value))
                    + " bytes as a URL, over the " + lookup.maxUriBytes() + " bytes a lookup may use so that the request stays within "
                    + "Salesforce's limit of " + SoqlInLookup.URI_AND_HEADERS_LIMIT + " bytes for URI and headers. "
                    + (lookup.nothingFits()
                    ? "The connector file selects so many fields for " + object + " that no lookup fits: select fewer fields, then retry "
                    + "the rejected records."
                    : "Salesforce's searchable text fields hold at most 255 characters, so the value is probably wrong in the source: "
                    + "correct it there, then retry the rejected record."));
        }
        return refused;
    }

    // ---------------------------------------------------------------- merging

    /**
     * The records as they are now, by Id, with the connection's fields, whatever key the object is
     * written by: the governed write path keeps them as the before-image of a merge. Through query
     * (live records only), so an id already merged away or deleted is absent; a 15-character Id finds
     * its 18-character record and is answered under the Id asked for.
     */
    @Override
    public Map<String, Map<String, Object>> snapshot(String object, List<String> ids) {
        return byKey(object, requireObject(object), "Id", ids);
    }

    /**
     * Merges {@code duplicateId} into {@code primaryId} with SOAP merge(), one duplicate per call: the
     * duplicate goes to the recycle bin with MasterRecordId = primary, related records move to the
     * primary, and the primary keeps its own field values. A record Salesforce refuses to merge
     * (deleted, unknown, another type) is REJECTED; session, quota and server failures throw.
     */
    @Override
    public WriteOutcome merge(String object, String primaryId, String duplicateId, SourceRef origin) {
        requireObject(object);
        SourceRef ref = origin != null ? origin : new SourceRef(connectionId, object, duplicateId);
        if (!MERGEABLE.contains(object)) {
            return WriteOutcome.rejected(ref, "Salesforce merges only Lead, Contact and Account records, not " + object + " ("
                    + duplicateId + " into " + primaryId + "). Link these records in the crosswalk instead, or delete the duplicate.");
        }
        if (!Soql.isRecordId(primaryId) || !Soql.isRecordId(duplicateId)) {
            return WriteOutcome.rejected(ref, "Salesforce merges records by Id; '" + primaryId + "' or '" + duplicateId + "' is not a "
                    + "15- or 18-character record Id. Check the merge plan's ids for connection '" + connectionId + "'.");
        }
        try {
            SalesforceMergeResult result = client.merge(object, primaryId, List.of(duplicateId));
            if (result.success()) {
                return WriteOutcome.written(ref, result.id() != null ? result.id() : primaryId);
            }
            return WriteOutcome.rejected(ref, "Salesforce did not merge " + object + " " + duplicateId + " into " + primaryId + ": "
                    + result.errors() + ". A deleted or already merged record cannot be merged again; check both ids with queryAll.");
        } catch (ConnectorException e) {
            if (e.kind() == Kind.INVALID_REQUEST || e.kind() == Kind.NOT_FOUND) {
                return WriteOutcome.rejected(ref, e.getMessage());
            }
            throw e;
        }
    }

    /** The record Id and the system timestamps a snapshot holds. */
    @Override
    public boolean providerManaged(String object, String field) {
        return field.equals("Id") || field.equals("CreatedDate") || field.equals("SystemModstamp");
    }

    // ---------------------------------------------------------------- archiving

    /**
     * Deletes records to the recycle bin (restorable for 15 days; queryAll then shows IsDeleted=true),
     * by key, in calls of 200: DELETE /composite/sobjects?ids=... Keys that are no current record are REJECTED.
     */
    @Override
    public List<WriteOutcome> archive(String object, List<String> keys, SourceRef origin) {
        ObjectConfig config = requireObject(object);
        Map<String, String> idByKey = new LinkedHashMap<>();
        if (externalIdField(config) == null) {
            keys.stream().filter(Soql::isRecordId).forEach(k -> idByKey.put(k, k));
        } else {
            current(object, keys).forEach((k, fields) -> idByKey.put(k, String.valueOf(fields.get("Id"))));
        }
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(idByKey.values()));
        Map<String, SalesforceSaveResult> results = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += SalesforceClient.MAX_COLLECTION_RECORDS) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + SalesforceClient.MAX_COLLECTION_RECORDS));
            List<SalesforceSaveResult> answer = client.delete(chunk);
            for (int i = 0; i < chunk.size() && i < answer.size(); i++) {
                results.put(chunk.get(i), answer.get(i));
            }
        }
        List<WriteOutcome> outcomes = new ArrayList<>();
        for (String key : keys) {
            SourceRef ref = origin != null ? origin : new SourceRef(connectionId, object, key);
            String id = idByKey.get(key);
            SalesforceSaveResult result = id == null ? null : results.get(id);
            if (result == null) {
                outcomes.add(WriteOutcome.rejected(ref, "No current " + object + " with key " + key + " in Salesforce; nothing to delete."));
            } else if (result.success()) {
                outcomes.add(WriteOutcome.written(ref, id));
            } else {
                outcomes.add(WriteOutcome.rejected(ref, "Salesforce did not delete " + object + " " + id + ": " + result.errors()));
            }
        }
        return outcomes;
    }

    // ---------------------------------------------------------------- usage

    /** The org's daily API usage from the last answer's Sforce-Limit-Info header (UNKNOWN before the first call). */
    public ApiUsage apiUsage() {
        return client.apiUsage();
    }

    public long requestCount() {
        return client.requestCount();
    }

    public long retryCount() {
        return client.resilience().retries();
    }

    /** Access tokens fetched so far (1 after the first call; more after sessions expired). */
    public long tokenRequests() {
        return client.auth().tokenRequests();
    }

    private SalesforceFieldCatalog catalog(String object) {
        return catalogs.computeIfAbsent(object, o -> new SalesforceFieldCatalog(o, client.describe(o)));
    }

    private ObjectConfig requireObject(String object) {
        ObjectConfig config = objects.get(object);
        if (config == null) {
            throw new IllegalArgumentException("Salesforce connection '" + connectionId + "' has no object '" + object + "'; it configures "
                    + objects.keySet() + ". Add it under objects: in the connector file (sObject API names such as Lead, Contact), "
                    + "or fix the object name in the route or mapping.");
        }
        return config;
    }

    @Override
    public String toString() {
        return "SalesforceConnector[" + connectionId + ", " + shownBaseUrl() + "]";
    }
}
