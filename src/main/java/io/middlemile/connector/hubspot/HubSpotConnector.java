package io.middlemile.connector.hubspot;

import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.ObservedHttp;
import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Archiver;
import io.middlemile.connector.Merger;
import io.middlemile.connector.Lookup;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.CrmUser;
import io.middlemile.connector.UserDirectory;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorDescription;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.HealthCheck;
import io.middlemile.connector.RecordSink;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.VendorHttp;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.SecretRefs;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A HubSpot account as a connection: objects of the CRM v3 API (contacts, companies, deals, custom
 * objects) read as a {@link ChangeSource} and written as a {@link RecordSink}.
 *
 * <p>Reading: see {@link HubSpotChangeReader} (search by modified time with an id tie-break, then the
 * recycle bin). Records carry every property the connector file lists for the object, plus
 * {@code hs_merged_object_ids}; extra fields: {@code __archived=true} and {@code __archivedAt} on
 * archived records, {@code __mergedIds} (list of ids merged into this record) on merge survivors.
 * The cursor is {@link HubSpotCursor} JSON. An object whose connector file lists {@code associations:}
 * adds {@code associations.<object>} to its live records (see {@link HubSpotAssociations}).
 *
 * <p>Writing: see {@link HubSpotRecordWriter}; batches of at most 100, idempotent, one outcome per
 * record. A field {@code associations.<object>} is not a property: after the page is written, the
 * record's associations with that object are made exactly that list of ids (null: left alone).
 * {@link #merge} and {@link #archive} exist for the governed write path.
 *
 * <p>Not thread-safe: one job run uses an instance at a time. Holds the token only inside
 * {@link HubSpotAuth}, which never prints it.
 */
public final class HubSpotConnector implements Connector, ChangeSource, RecordSink, Merger, Lookup, CurrentState, Archiver,
        UserDirectory {

    public static final String ARCHIVED_FIELD = HubSpotChangeReader.ARCHIVED_FIELD;
    public static final String ARCHIVED_AT_FIELD = HubSpotChangeReader.ARCHIVED_AT_FIELD;
    public static final String MERGED_IDS_FIELD = HubSpotChangeReader.MERGED_IDS_FIELD;

    private final String connectionId;
    private final Map<String, ObjectConfig> objects;
    private final HubSpotSettings settings;
    private final HubSpotClient client;
    private final Map<String, List<HubSpotProperty>> propertyCache = new LinkedHashMap<>();
    private final HubSpotAssociations associations;

    public HubSpotConnector(String connectionId, ConnectorConfig config, Map<String, String> env) {
        this(connectionId, config, env, HubSpotSettings.from(config));
    }

    public HubSpotConnector(String connectionId, ConnectorConfig config, Map<String, String> env, HubSpotSettings settings) {
        this(connectionId, config, env, settings, Budgets.LOCAL);
    }

    /** @param budgets where the connection's request budgets are counted (a cluster shares them between nodes) */
    public HubSpotConnector(String connectionId, ConnectorConfig config, Map<String, String> env, HubSpotSettings settings,
                            Budgets budgets) {
        this(connectionId, config, env, settings, budgets, CallObserver.NONE);
    }

    /** @param calls told of every HTTP exchange, the quota HubSpot reports and the guards (the engine's metrics) */
    public HubSpotConnector(String connectionId, ConnectorConfig config, Map<String, String> env, HubSpotSettings settings,
                            Budgets budgets, CallObserver calls) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
        if (config.objects() == null || config.objects().isEmpty()) {
            throw new IllegalArgumentException("HubSpot connection '" + connectionId + "' configures no object; add e.g. "
                    + "objects: {contacts: {id: hs_object_id, modifiedField: lastmodifieddate, fields: [email, ...]}}");
        }
        this.objects = Map.copyOf(config.objects());
        this.settings = settings;
        HttpClient http = ObservedHttp.of(VendorHttp.client(), connectionId, calls,
                new HubSpotQuota());
        HubSpotAuth auth = HubSpotAuth.from(connectionId, config.auth(), settings.baseUrl(), env, http);
        this.client = new HubSpotClient(connectionId, settings, auth, http, new HubSpotResilience(connectionId, settings, budgets, calls),
                new HubSpotErrorClassifier(connectionId, settings.accountZone(), Clock.systemUTC()));
        this.associations = new HubSpotAssociations(connectionId, client);
    }

    @Override
    public ConnectorDescription describe() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Map.Entry<String, ObjectConfig> entry : objects.entrySet()) {
            // The account's properties, custom ones included; the connector file's list comes first.
            Set<String> names = new LinkedHashSet<>(entry.getValue().fields());
            properties(entry.getKey()).forEach(p -> names.add(p.name()));
            entry.getValue().associations().forEach(to -> names.add(ObjectConfig.associationField(to)));
            fields.put(entry.getKey(), List.copyOf(names));
        }
        return ConnectorDescription.of(this, connectionId, HubSpotProvider.TYPE, fields);
    }

    /** The object's property definitions from the properties API (cached per instance). */
    public List<HubSpotProperty> properties(String object) {
        requireObject(object);
        return propertyCache.computeIfAbsent(object, client::getProperties);
    }

    /**
     * Active owners, then archived ones: the owners API returns one or the other per listing ({@code archived}), and a
     * deactivated user is an archived owner.
     */
    @Override
    public List<CrmUser> users() {
        Map<String, CrmUser> users = new LinkedHashMap<>();
        for (boolean archived : new boolean[] {false, true}) {
            String after = null;
            do {
                HubSpotClient.OwnerPage page = client.listOwners(HubSpotClient.OWNERS_PAGE, after, archived);
                page.owners().forEach(owner -> users.putIfAbsent(owner.id(), new CrmUser(owner.id(), owner.name(), owner.email(),
                        !owner.archived())));
                after = page.nextAfter();
            } while (after != null);
        }
        return List.copyOf(users.values());
    }

    /** The baseUrl as messages print it: without user information, so a password written into it never reaches a log. */
    private String shownBaseUrl() {
        return SecretRefs.withoutUserInfo(settings.baseUrl());
    }

    @Override
    public HealthCheck check() {
        String object = objects.keySet().iterator().next();
        try {
            client.list(object, 1, null, List.of("hs_object_id"), false);
            return HealthCheck.ok("HubSpot at " + shownBaseUrl() + " accepted the token of connection '" + connectionId
                    + "' and can read " + object + ".");
        } catch (ConnectorException e) {
            return HealthCheck.failed(e.getMessage());
        } catch (RuntimeException e) {
            return HealthCheck.failed("Could not check HubSpot connection '" + connectionId + "' at " + shownBaseUrl()
                    + ": " + e + ". Check baseUrl in its connector file.");
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public SourcePage readChanges(String object, Cursor cursor, int pageSize) {
        ObjectConfig config = requireObject(object);
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
        String modified = modifiedProperty(object, config);
        Set<String> wanted = new LinkedHashSet<>(config.fields());
        wanted.add("hs_object_id");
        wanted.add(modified);
        wanted.add(HubSpotChangeReader.MERGED_IDS_PROPERTY);
        HubSpotChangeReader reader = new HubSpotChangeReader(connectionId, object, modified, List.copyOf(wanted), client);
        SourcePage page = reader.read(HubSpotCursor.parse(cursor, connectionId, object), pageSize);
        return config.associations().isEmpty() ? page : withAssociations(object, config, page);
    }

    /**
     * Adds {@code associations.<toObject>} (associated ids, primary first; empty when none) to the page's
     * live records: one v4 batch read per associated object for the whole page. Archived records carry
     * no such field: HubSpot returns no associations for them, and an empty list would read as "remove all".
     */
    private SourcePage withAssociations(String object, ObjectConfig config, SourcePage page) {
        List<String> ids = page.records().stream().filter(r -> !Boolean.TRUE.equals(r.fields().get(ARCHIVED_FIELD)))
                .map(r -> r.ref().sourceId()).toList();
        if (ids.isEmpty()) {
            return page;
        }
        Map<String, Map<String, List<String>>> byObject = new LinkedHashMap<>();
        for (String toObject : config.associations()) {
            byObject.put(toObject, associations.read(object, toObject, ids));
        }
        List<SourceRecord> records = new ArrayList<>(page.records().size());
        for (SourceRecord record : page.records()) {
            if (Boolean.TRUE.equals(record.fields().get(ARCHIVED_FIELD))) {
                records.add(record);
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>(record.fields());
            byObject.forEach((toObject, found) ->
                    fields.put(ObjectConfig.associationField(toObject), found.getOrDefault(record.ref().sourceId(), List.of())));
            records.add(new SourceRecord(record.ref(), fields, record.modifiedAt(), record.location()));
        }
        return new SourcePage(records, page.rejected(), page.next(), page.last(), page.progress());
    }

    /** contacts use lastmodifieddate; other CRM objects hs_lastmodifieddate; the connector file may say otherwise. */
    static String modifiedProperty(String object, ObjectConfig config) {
        if (config.modifiedField() != null && !config.modifiedField().isBlank()) {
            return config.modifiedField();
        }
        return "contacts".equals(object) ? "lastmodifieddate" : "hs_lastmodifieddate";
    }

    // ---------------------------------------------------------------- writing

    @Override
    public int maxBatchSize() {
        return HubSpotClient.MAX_BATCH_INPUTS;
    }

    /** A record carrying {@code hs_object_id} is written to that record by id, whatever its key (HubSpotRecordWriter). */
    @Override
    public java.util.Set<String> addressedBy(String object) {
        return java.util.Set.of("hs_object_id");
    }

    @Override
    public List<WriteOutcome> upsert(String object, List<TargetRecord> records) {
        ObjectConfig config = requireObject(object);
        if (records.size() > maxBatchSize()) {
            throw new IllegalArgumentException("HubSpot takes at most " + maxBatchSize() + " records per batch, got "
                    + records.size() + "; the caller splits batches by maxBatchSize().");
        }
        if (records.isEmpty()) {
            return List.of();
        }
        HubSpotRecordWriter.Written written = new HubSpotRecordWriter(connectionId, object, uniqueProperty(object, config),
                config.id() == null || config.id().isBlank() || "hs_object_id".equals(config.id()), client).write(records);
        return setAssociations(object, records, written);
    }

    /**
     * After the page's properties are written, makes each written record's associations equal to its
     * {@code associations.<toObject>} fields (null: left alone), one batch per associated object. A record
     * whose associations could not be set is REJECTED with the reason; the rest of the page is unaffected.
     * Associations a record was created with (inline) are not set again.
     */
    private List<WriteOutcome> setAssociations(String object, List<TargetRecord> records, HubSpotRecordWriter.Written written) {
        List<WriteOutcome> outcomes = written.outcomes();
        List<WriteOutcome> result = new ArrayList<>(outcomes);
        Map<String, Map<String, List<String>>> wanted = new LinkedHashMap<>(); // toObject -> record id -> ids
        Map<String, List<Integer>> indexesById = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            WriteOutcome outcome = outcomes.get(i);
            if (outcome.status() != WriteOutcome.Status.WRITTEN || outcome.targetId() == null) {
                continue;
            }
            for (Map.Entry<String, Object> field : records.get(i).fields().entrySet()) {
                if (!field.getKey().startsWith(ObjectConfig.ASSOCIATIONS_PREFIX) || field.getValue() == null) {
                    continue;
                }
                String toObject = field.getKey().substring(ObjectConfig.ASSOCIATIONS_PREFIX.length());
                if (written.associatedOnCreate().getOrDefault(i, Set.of()).contains(toObject)) {
                    continue;
                }
                List<String> ids;
                try {
                    ids = associatedIds(field.getValue());
                } catch (IllegalArgumentException e) {
                    result.set(i, WriteOutcome.rejected(outcome.origin(), "HubSpot " + object + " " + outcome.targetId()
                            + " (connection '" + connectionId + "'): " + field.getKey() + " " + e.getMessage()
                            + ". Its properties were written; fix the mapping of " + field.getKey() + " and retry the record."));
                    break;
                }
                wanted.computeIfAbsent(toObject, k -> new LinkedHashMap<>()).put(outcome.targetId(), ids);
                indexesById.computeIfAbsent(outcome.targetId(), k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, Map<String, List<String>>> entry : wanted.entrySet()) {
            associations.set(object, entry.getKey(), entry.getValue()).forEach((id, reason) -> {
                for (int i : indexesById.getOrDefault(id, List.of())) {
                    if (result.get(i).status() == WriteOutcome.Status.WRITTEN) {
                        result.set(i, WriteOutcome.rejected(result.get(i).origin(), reason));
                    }
                }
            });
        }
        return result;
    }

    /** The ids of an {@code associations.<toObject>} value: a list of ids, or text like "1;2" or "[1, 2]"; "" is none. */
    static List<String> associatedIds(Object value) {
        List<String> parts = new ArrayList<>();
        if (value instanceof java.util.Collection<?> collection) {
            collection.forEach(v -> parts.add(v == null ? "" : v.toString().trim()));
        } else {
            String text = value.toString().trim();
            if (text.startsWith("[") && text.endsWith("]")) {
                text = text.substring(1, text.length() - 1);
            }
            for (String part : text.split("[;,]")) {
                parts.add(part.trim());
            }
        }
        List<String> ids = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (!part.matches("\\d+")) {
                throw new IllegalArgumentException("holds \"" + part + "\", which is not a HubSpot record id (ids are numbers)");
            }
            if (!ids.contains(part)) {
                ids.add(part);
            }
        }
        return ids;
    }

    private static String uniqueProperty(String object, ObjectConfig config) {
        if (config.id() != null && !config.id().isBlank() && !"hs_object_id".equals(config.id())) {
            return config.id();
        }
        return "contacts".equals(object) ? "email" : null;
    }

    /**
     * Merges {@code idToMerge} into {@code primaryId} (POST /crm/v3/objects/{object}/merge). The merged-away
     * id stops existing; the survivor lists it in {@code hs_merged_object_ids}.
     */
    public WriteOutcome merge(String object, String primaryId, String idToMerge) {
        return merge(object, primaryId, idToMerge, new SourceRef(connectionId, object, idToMerge));
    }

    @Override
    public WriteOutcome merge(String object, String primaryId, String idToMerge, SourceRef origin) {
        requireObject(object);
        try {
            HubSpotObject survivor = client.merge(object, primaryId, idToMerge);
            return WriteOutcome.written(origin, survivor.id());
        } catch (ConnectorException e) {
            if (e.kind() == Kind.INVALID_REQUEST || e.kind() == Kind.NOT_FOUND) {
                return WriteOutcome.rejected(origin, e.getMessage());
            }
            throw e;
        }
    }

    /**
     * HubSpot's own properties ({@code hs_*}, among them {@code hs_object_id}) and the record's timestamps; not a note's
     * content ({@code hs_note_body}, {@code hs_timestamp}, {@code hs_attachment_ids}), which a re-created note needs.
     */
    @Override
    public boolean providerManaged(String object, String field) {
        if (NOTE_CONTENT.contains(field)) {
            return false;
        }
        return field.startsWith("hs_") || field.equals("createdate") || field.equals("lastmodifieddate");
    }

    /** A note's writable hs_ properties (https://developers.hubspot.com/docs/api-reference/crm-notes-v3/guide, "Properties"). */
    private static final Set<String> NOTE_CONTENT = Set.of("hs_note_body", "hs_timestamp", "hs_attachment_ids");

    /** Current values of the connection's fields for these ids, read by batch read (100 per call). */
    @Override
    public Map<String, Map<String, Object>> snapshot(String object, List<String> ids) {
        ObjectConfig objectConfig = requireObject(object);
        Map<String, Map<String, Object>> found = new java.util.LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += maxBatchSize()) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + maxBatchSize()));
            for (HubSpotObject record : client.batchRead(object, batch, null, objectConfig.fields(), false).results()) {
                Map<String, Object> fields = new java.util.LinkedHashMap<>(record.properties());
                fields.put("hs_object_id", record.id());
                found.put(record.id(), fields);
            }
        }
        // The before-image holds the associations too, so a write that would not change them is skipped.
        for (String toObject : objectConfig.associations()) {
            if (found.isEmpty()) {
                break;
            }
            Map<String, List<String>> associated = associations.read(object, toObject, found.keySet());
            found.forEach((id, fields) -> fields.put(ObjectConfig.associationField(toObject), associated.getOrDefault(id, List.of())));
        }
        return found;
    }

    /**
     * Records by the value of a property, by batch read with {@code idProperty} (the property must be
     * unique in HubSpot, such as email for contacts or a custom unique property).
     * Doc: https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/batch/post-crm-v3-objects-contacts-batch-read
     */
    @Override
    public Map<String, String> find(String object, String field, java.util.Collection<String> values) {
        requireObject(object);
        List<String> wanted = values.stream().filter(v -> v != null && !v.isBlank()).distinct().toList();
        Map<String, String> found = new java.util.LinkedHashMap<>();
        boolean unique = uniqueValued(object, field);
        if (!unique) {
            searchIn(object, field, wanted, found);
        }
        for (int from = 0; unique && from < wanted.size(); from += maxBatchSize()) {
            List<String> batch = wanted.subList(from, Math.min(wanted.size(), from + maxBatchSize()));
            for (HubSpotObject record : client.batchRead(object, batch, field, List.of(field), false).results()) {
                String value = record.property(field);
                if (value != null) {
                    found.put(value.toLowerCase(java.util.Locale.ROOT), record.id());
                }
            }
        }
        Map<String, String> byGiven = new java.util.LinkedHashMap<>();
        wanted.forEach(value -> {
            String id = found.get(value.toLowerCase(java.util.Locale.ROOT));
            if (id != null) {
                byGiven.put(value, id);
            }
        });
        return byGiven;
    }

    /** Batch read by idProperty works only for a property with unique values (email, or a custom unique property). */
    private boolean uniqueValued(String object, String field) {
        return field.equals(uniqueProperty(object, objects.get(object)))
                || properties(object).stream().anyMatch(p -> p.name().equals(field) && p.hasUniqueValue());
    }

    /**
     * Finds records by a property that is not unique (a company's domain) through the search API, 100 values
     * per IN filter; when several records hold one value, the oldest (lowest id) is taken.
     */
    // Doc: https://developers.hubspot.com/docs/guides/api/crm/search (filter operator IN with values; limit <= 200, paging by after)
    private void searchIn(String object, String field, List<String> wanted, Map<String, String> found) {
        for (int from = 0; from < wanted.size(); from += SEARCH_IN_VALUES) {
            List<String> chunk = wanted.subList(from, Math.min(wanted.size(), from + SEARCH_IN_VALUES)).stream()
                    .map(value -> value.toLowerCase(java.util.Locale.ROOT)).toList();
            String after = null;
            do {
                HubSpotPage page = client.search(object, new HubSpotSearch(List.of(List.of(HubSpotSearch.Filter.in(field, chunk))),
                        HubSpotSearch.Sort.ascending("hs_object_id"), List.of(field), HubSpotClient.MAX_SEARCH_LIMIT, after));
                for (HubSpotObject record : page.results()) {
                    String value = record.property(field);
                    if (value != null) {
                        found.putIfAbsent(value.toLowerCase(java.util.Locale.ROOT), record.id());
                    }
                }
                after = page.nextAfter();
            } while (after != null);
        }
    }

    private static final int SEARCH_IN_VALUES = 100;

    /**
     * Current values by HubSpot id. Keys that are not HubSpot ids (a record not created yet) are
     * absent, which makes their write a create.
     */
    @Override
    public Map<String, Map<String, Object>> current(String object, java.util.Collection<String> keys) {
        return snapshot(object, keys.stream().filter(key -> key != null && key.matches("\\d+")).distinct().toList());
    }

    @Override
    public List<WriteOutcome> archive(String object, List<String> keys, SourceRef origin) {
        return archive(object, keys);
    }

    /** Archives records by id (to the recycle bin, restorable for 90 days), in batches of 100. */
    public List<WriteOutcome> archive(String object, List<String> ids) {
        requireObject(object);
        List<WriteOutcome> outcomes = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += maxBatchSize()) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + maxBatchSize()));
            client.batchArchive(object, batch);
            batch.forEach(id -> outcomes.add(WriteOutcome.written(new SourceRef(connectionId, object, id), id)));
        }
        return outcomes;
    }

    /** Requests sent so far, retries included. */
    public long requestCount() {
        return client.requestCount();
    }

    /** Retries made so far (rate limits and temporary failures). */
    public long retryCount() {
        return client.resilience().retries();
    }

    private ObjectConfig requireObject(String object) {
        ObjectConfig config = objects.get(object);
        if (config == null) {
            throw new IllegalArgumentException("HubSpot connection '" + connectionId + "' has no object '" + object
                    + "'; it configures " + objects.keySet() + ". Add it under objects: in the connector file, or fix the "
                    + "object name in the route or mapping.");
        }
        return config;
    }

    @Override
    public String toString() {
        return "HubSpotConnector[" + connectionId + ", " + shownBaseUrl() + "]";
    }
}
