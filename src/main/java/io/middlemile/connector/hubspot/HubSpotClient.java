package io.middlemile.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.connector.AnswerReader;
import io.middlemile.connector.ConnectorException;
import io.middlemile.workspace.SecretRefs;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HubSpot CRM v3 API, one method per call, provider-shaped records out. Every call goes through the
 * connection's {@link HubSpotResilience} and failures through {@link HubSpotErrorClassifier}.
 *
 * <p>Batch calls take at most {@link #MAX_BATCH_INPUTS} inputs (HubSpot answers 400 above that);
 * callers split. A 207 answer is not an error: it is returned with its per-input errors.
 */
public final class HubSpotClient {

    /** Batch endpoints of the CRM objects API take 100 inputs. */
    public static final int MAX_BATCH_INPUTS = 100;
    /** GET /crm/v3/objects/{object} pages hold at most 100 records. */
    public static final int MAX_LIST_LIMIT = 100;
    /** A search page holds at most 200 records. */
    public static final int MAX_SEARCH_LIMIT = 200;

    /** The v4 association batch read takes 1,000 record ids. */
    public static final int MAX_ASSOCIATION_READ_INPUTS = 1_000;
    /**
     * Inputs per v4 batch associate or batch archive call. HubSpot's reference states no maximum for these
     * two; 100 keeps well inside what integration vendors document (2,000 for associate) and one call still
     * covers a page of 100 records with one association each.
     */
    public static final int MAX_ASSOCIATION_WRITE_INPUTS = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String connectionId;
    private final HubSpotSettings settings;
    private final HubSpotAuth auth;
    private final HttpClient http;
    private final HubSpotResilience resilience;
    private final HubSpotErrorClassifier classifier;
    private final AnswerReader answers;
    private final AtomicLong requests = new AtomicLong();

    public HubSpotClient(String connectionId, HubSpotSettings settings, HubSpotAuth auth, HttpClient http,
                         HubSpotResilience resilience, HubSpotErrorClassifier classifier) {
        this.connectionId = connectionId;
        this.settings = settings;
        this.auth = auth;
        this.http = http;
        this.resilience = resilience;
        this.classifier = classifier;
        this.answers = new AnswerReader("HubSpot", connectionId);
    }

    // Doc: https://developers.hubspot.com/docs/api-reference/crm-properties-v3/core/get-crm-v3-properties-objectType
    // (GET /crm/v3/properties/{objectType} -> {results:[{name,label,type,fieldType,hubspotDefined,hasUniqueValue,
    // modificationMetadata:{readOnlyValue}}]}).
    public List<HubSpotProperty> getProperties(String object) {
        JsonNode root = resilience.call(() -> exchange("read properties of " + object, "GET",
                "/crm/v3/properties/" + enc(object), null));
        List<HubSpotProperty> properties = new ArrayList<>();
        root.path("results").forEach(p -> properties.add(new HubSpotProperty(p.path("name").asText(), p.path("label").asText(),
                p.path("type").asText(), p.path("fieldType").asText(), p.path("hubspotDefined").asBoolean(false),
                p.path("hasUniqueValue").asBoolean(false), p.path("modificationMetadata").path("readOnlyValue").asBoolean(false))));
        return properties;
    }

    // Doc: https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/basic/get-crm-v3-objects-contacts
    // (spec PublicApiSpecs/CRM/Contacts/Rollouts/424/v3/contacts.json: limit, after, properties, archived query
    // parameters; answer {results, paging.next.after}; limit at most 100).
    public HubSpotPage list(String object, int limit, String after, List<String> properties, boolean archived) {
        StringBuilder path = new StringBuilder("/crm/v3/objects/").append(enc(object))
                .append("?limit=").append(Math.min(limit, MAX_LIST_LIMIT))
                .append("&archived=").append(archived);
        if (after != null) {
            path.append("&after=").append(enc(after));
        }
        if (properties != null && !properties.isEmpty()) {
            path.append("&properties=").append(enc(String.join(",", properties)));
        }
        JsonNode root = resilience.call(() -> exchange("list " + object + (archived ? " (archived)" : ""), "GET", path.toString(), null));
        return new HubSpotPage(HubSpotJson.objects(root.path("results")), -1, HubSpotJson.nextAfter(root));
    }

    /** One page of {@link #listOwners}: the owners and the {@code paging.next.after} token, null on the last page. */
    public record OwnerPage(List<HubSpotOwner> owners, String nextAfter) {
    }

    /** Owners per page the owners API returns by default; the connector asks for this many. */
    public static final int OWNERS_PAGE = 100;

    // Doc: https://developers.hubspot.com/docs/api-reference/latest/crm/owners/get-owners.md
    // (GET /crm/v3/owners: email, after, limit (default 100), archived query parameters; archived=true returns only
    // archived owners, false only active ones; answer {results:[{id, email, type, firstName, lastName, userId,
    // archived, teams, ...}], paging.next.after}; scope crm.objects.owners.read).
    public OwnerPage listOwners(int limit, String after, boolean archived) {
        StringBuilder path = new StringBuilder("/crm/v3/owners?limit=").append(limit).append("&archived=").append(archived);
        if (after != null) {
            path.append("&after=").append(enc(after));
        }
        JsonNode root = resilience.call(() -> exchange("list owners" + (archived ? " (archived)" : ""), "GET", path.toString(), null));
        List<HubSpotOwner> owners = new ArrayList<>();
        root.path("results").forEach(o -> owners.add(new HubSpotOwner(o.path("id").asText(), text(o, "email"), text(o, "firstName"),
                text(o, "lastName"), text(o, "userId"), o.path("archived").asBoolean(archived))));
        return new OwnerPage(owners, HubSpotJson.nextAfter(root));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    // Doc: https://developers.hubspot.com/docs/guides/api/crm/search (POST /crm/v3/objects/{object}/search:
    // filterGroups ORed, filters ANDed, one sort rule, limit at most 200, after is an offset, 10,000 results per
    // query at most, about 5 requests per second per account, archived records never returned).
    public HubSpotPage search(String object, HubSpotSearch search) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode groups = body.putArray("filterGroups");
        for (List<HubSpotSearch.Filter> group : search.filterGroups()) {
            ArrayNode filters = groups.addObject().putArray("filters");
            for (HubSpotSearch.Filter filter : group) {
                ObjectNode f = filters.addObject();
                f.put("propertyName", filter.propertyName());
                f.put("operator", filter.operator());
                if (filter.value() != null) {
                    f.put("value", filter.value());
                }
                if (filter.values() != null) {
                    filter.values().forEach(f.putArray("values")::add);
                }
            }
        }
        if (search.sort() != null) {
            ObjectNode sort = body.putArray("sorts").addObject();
            sort.put("propertyName", search.sort().propertyName());
            sort.put("direction", search.sort().direction());
        }
        ArrayNode properties = body.putArray("properties");
        search.properties().forEach(properties::add);
        body.put("limit", search.limit());
        if (search.after() != null) {
            body.put("after", search.after());
        }
        JsonNode root = resilience.search(() -> exchange("search " + object, "POST",
                "/crm/v3/objects/" + enc(object) + "/search", body));
        return new HubSpotPage(HubSpotJson.objects(root.path("results")), root.path("total").asInt(-1), HubSpotJson.nextAfter(root));
    }

    // Doc: https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/batch/post-crm-v3-objects-contacts-batch-read
    // (body {inputs:[{id}], properties, propertiesWithHistory, idProperty?}; ?archived=; 207 lists missing ids in
    // errors[].context.ids).
    public HubSpotBatchResult batchRead(String object, List<String> ids, String idProperty, List<String> properties, boolean archived) {
        requireBatchSize(ids.size(), "batch read");
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        ids.forEach(id -> inputs.addObject().put("id", id));
        ArrayNode props = body.putArray("properties");
        properties.forEach(props::add);
        body.putArray("propertiesWithHistory");
        if (idProperty != null) {
            body.put("idProperty", idProperty);
        }
        return batch("batch read " + object, "/crm/v3/objects/" + enc(object) + "/batch/read?archived=" + archived, body);
    }

    // Doc: https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/batch/post-crm-v3-objects-contacts-batch-create
    // (body {inputs:[{properties, associations?}]}; not idempotent: replaying it creates duplicates).
    public HubSpotBatchResult batchCreate(String object, List<Map<String, String>> inputs) {
        return batchCreate(object, inputs, null);
    }

    /** @param traceIds per input, an objectWriteTraceId HubSpot echoes in the result or error of that input (null: none) */
    public HubSpotBatchResult batchCreate(String object, List<Map<String, String>> inputs, List<String> traceIds) {
        return batchCreate(object, inputs, traceIds, null);
    }

    /** An association a record is created with: the associated record's id and the HUBSPOT_DEFINED type id (e.g. 202, note→contact). */
    public record InlineAssociation(String toId, int typeId) {
    }

    // Doc: https://developers.hubspot.com/docs/api-reference/crm-notes-v3/guide ("Associations": each input may carry
    // associations:[{to:{id}, types:[{associationCategory:"HUBSPOT_DEFINED", associationTypeId}]}]; the record and its
    // associations are created together, a bad association fails the create with 400).
    /** @param associations per input, the associations it is created with (null: none) */
    public HubSpotBatchResult batchCreate(String object, List<Map<String, String>> inputs, List<String> traceIds,
                                          List<List<InlineAssociation>> associations) {
        requireBatchSize(inputs.size(), "batch create");
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putArray("inputs");
        for (int i = 0; i < inputs.size(); i++) {
            ObjectNode input = array.addObject();
            input.set("properties", JSON.valueToTree(inputs.get(i)));
            if (traceIds != null) {
                input.put("objectWriteTraceId", traceIds.get(i));
            }
            if (associations != null && !associations.get(i).isEmpty()) {
                ArrayNode list = input.putArray("associations");
                for (InlineAssociation association : associations.get(i)) {
                    ObjectNode entry = list.addObject();
                    entry.putObject("to").put("id", association.toId());
                    ObjectNode type = entry.putArray("types").addObject();
                    type.put("associationCategory", "HUBSPOT_DEFINED");
                    type.put("associationTypeId", association.typeId());
                }
            }
        }
        return batch("batch create " + object, "/crm/v3/objects/" + enc(object) + "/batch/create", body);
    }

    // Doc: https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/batch/post-crm-v3-objects-contacts-batch-update
    // (body {inputs:[{id, idProperty?, properties}]}; empty string clears a value; 207 on per-input errors).
    public HubSpotBatchResult batchUpdate(String object, List<HubSpotBatchInput> inputs) {
        requireBatchSize(inputs.size(), "batch update");
        return batch("batch update " + object, "/crm/v3/objects/" + enc(object) + "/batch/update", inputsBody(inputs));
    }

    // Doc: https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/batch/post-crm-v3-objects-contacts-batch-upsert
    // (body {inputs:[{idProperty, id, properties}]}; idProperty must be a unique-value property such as email;
    // results carry "new"; 207 with errors[] when some inputs fail, e.g. VALIDATION_ERROR).
    public HubSpotBatchResult batchUpsert(String object, List<HubSpotBatchInput> inputs) {
        requireBatchSize(inputs.size(), "batch upsert");
        return batch("batch upsert " + object, "/crm/v3/objects/" + enc(object) + "/batch/upsert", inputsBody(inputs));
    }

    // Doc: https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/batch/post-crm-v3-objects-contacts-batch-archive
    // (body {inputs:[{id}]}; answer 204 No Content; archived records can be restored for 90 days).
    public void batchArchive(String object, List<String> ids) {
        requireBatchSize(ids.size(), "batch archive");
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        ids.forEach(id -> inputs.addObject().put("id", id));
        resilience.call(() -> exchange("batch archive " + object, "POST", "/crm/v3/objects/" + enc(object) + "/batch/archive", body));
    }

    // Doc: https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/basic/post-crm-v3-objects-contacts-merge
    // (body {primaryObjectId, objectIdToMerge}; answer the surviving record; it lists the merged ids in
    // hs_merged_object_ids).
    public HubSpotObject merge(String object, String primaryObjectId, String objectIdToMerge) {
        ObjectNode body = JSON.createObjectNode();
        body.put("primaryObjectId", primaryObjectId);
        body.put("objectIdToMerge", objectIdToMerge);
        JsonNode root = resilience.call(() -> exchange("merge " + object + " " + objectIdToMerge + " into " + primaryObjectId,
                "POST", "/crm/v3/objects/" + enc(object) + "/merge", body));
        return HubSpotJson.object(root);
    }

    // ---------------------------------------------------------------- associations (CRM v4)

    /**
     * One page of a record's associations from a v4 batch read.
     *
     * @param fromId    the record read
     * @param to        associated record ids in answer order, each with whether it is the primary association
     * @param nextAfter {@code paging.next.after} when the record has more associations than this answer holds
     */
    public record AssociationPage(String fromId, List<Associated> to, String nextAfter) {
    }

    /** An associated record id and whether one of its association types is HubSpot's "Primary". */
    public record Associated(String id, boolean primary) {
    }

    /** One input of a batch read: a record id and, to continue its associations, the previous page's after. */
    public record AssociationRead(String id, String after) {
    }

    // Doc: https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations
    // (POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read, body {inputs:[{id, after?}]}; answer
    // {status, results:[{from:{id}, to:[{toObjectId, associationTypes:[{category, typeId, label}]}], paging?:{next:{after}}}],
    // errors?}; "paging" only when the record has more associations: send {id, after} again for the next page).
    // At most 1,000 inputs: https://developers.hubspot.com/changelog/bug-fix-batch-read-limit-for-hubspot-associations-api
    // A record without associations may be absent from results or named in errors[] (207): both mean "none".
    public List<AssociationPage> readAssociations(String fromObject, String toObject, List<AssociationRead> reads) {
        if (reads.size() > MAX_ASSOCIATION_READ_INPUTS) {
            throw new IllegalArgumentException("HubSpot association batch read takes at most " + MAX_ASSOCIATION_READ_INPUTS
                    + " inputs, got " + reads.size() + "; split the ids.");
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (AssociationRead read : reads) {
            ObjectNode input = inputs.addObject().put("id", read.id());
            if (read.after() != null) {
                input.put("after", read.after());
            }
        }
        JsonNode root = resilience.call(() -> send("read " + fromObject + " to " + toObject + " associations", "POST",
                "/crm/v4/associations/" + enc(fromObject) + "/" + enc(toObject) + "/batch/read", body).json());
        List<AssociationPage> pages = new ArrayList<>();
        for (JsonNode result : root.path("results")) {
            List<Associated> to = new ArrayList<>();
            for (JsonNode target : result.path("to")) {
                boolean primary = false;
                for (JsonNode type : target.path("associationTypes")) {
                    primary |= "HUBSPOT_DEFINED".equals(type.path("category").asText())
                            && "Primary".equalsIgnoreCase(type.path("label").asText(""));
                }
                to.add(new Associated(target.path("toObjectId").asText(), primary));
            }
            pages.add(new AssociationPage(result.path("from").path("id").asText(), to, HubSpotJson.nextAfter(result)));
        }
        return pages;
    }

    /** One association to make or remove: from one record to another. */
    public record AssociationPair(String fromId, String toId) {
    }

    // Doc: https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/create-associations
    // (POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/associate/default, body {inputs:[{from:{id},
    // to:{id}}]}: creates "the default (most generic) association type between two object types", i.e. the unlabeled
    // one; answer {status, results:[{from:{id}, to:{id}, associationSpec:{associationCategory, associationTypeId}}],
    // errors?, numErrors?}; 207 when some inputs failed). An id that does not exist answers
    // {category: VALIDATION_ERROR, message: "One or more associations are invalid", context: {INVALID_OBJECT_IDS:
    // ["COMPANY=999 is not valid"], objectId:[...], objectType:[...]}} (https://github.com/HubSpot/hubspot-api-nodejs/issues/646),
    // in errors[] or as a 400 for the whole call. The connector sends at most MAX_ASSOCIATION_WRITE_INPUTS per call.
    public HubSpotBatchResult associateDefault(String fromObject, String toObject, List<AssociationPair> pairs) {
        requireAssociationWriteSize(pairs.size(), "associate");
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (AssociationPair pair : pairs) {
            ObjectNode input = inputs.addObject();
            input.putObject("from").put("id", pair.fromId());
            input.putObject("to").put("id", pair.toId());
        }
        return resilience.call(() -> {
            Response response = send("associate " + fromObject + " with " + toObject, "POST",
                    "/crm/v4/associations/" + enc(fromObject) + "/" + enc(toObject) + "/batch/associate/default", body);
            List<HubSpotError> errors = new ArrayList<>();
            response.json().path("errors").forEach(e -> errors.add(HubSpotJson.error(e)));
            return new HubSpotBatchResult(response.status(), List.of(), errors);
        });
    }

    // Doc: https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/delete-associations
    // (POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/archive, body {inputs:[{from:{id}, to:[{id}]}]}:
    // removes every association between each pair; the current reference answers 204 without a body, the legacy page
    // shows a batch status body: either is fine here; errors come as 4xx).
    // Current reference: https://developers.hubspot.com/docs/api-reference/latest/crm/associations/associate-records/batch/delete-associations
    public void archiveAssociations(String fromObject, String toObject, Map<String, List<String>> toIdsByFromId) {
        requireAssociationWriteSize(toIdsByFromId.size(), "remove associations");
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        toIdsByFromId.forEach((fromId, toIds) -> {
            ObjectNode input = inputs.addObject();
            input.putObject("from").put("id", fromId);
            ArrayNode to = input.putArray("to");
            toIds.forEach(id -> to.addObject().put("id", id));
        });
        resilience.call(() -> exchange("remove " + fromObject + " to " + toObject + " associations", "POST",
                "/crm/v4/associations/" + enc(fromObject) + "/" + enc(toObject) + "/batch/archive", body));
    }

    private void requireAssociationWriteSize(int size, String call) {
        if (size > MAX_ASSOCIATION_WRITE_INPUTS) {
            throw new IllegalArgumentException("HubSpot " + call + " is sent with at most " + MAX_ASSOCIATION_WRITE_INPUTS
                    + " inputs, got " + size + "; split them.");
        }
    }

    /** HTTP requests sent so far, retries included (for run summaries and tests). */
    public long requestCount() {
        return requests.get();
    }

    public HubSpotResilience resilience() {
        return resilience;
    }

    // ---------------------------------------------------------------- plumbing

    private HubSpotBatchResult batch(String call, String path, ObjectNode body) {
        return resilience.call(() -> {
            Response response = send(call, "POST", path, body);
            List<HubSpotError> errors = new ArrayList<>();
            response.json().path("errors").forEach(e -> errors.add(HubSpotJson.error(e)));
            return new HubSpotBatchResult(response.status(), HubSpotJson.objects(response.json().path("results")), errors);
        });
    }

    private static ObjectNode inputsBody(List<HubSpotBatchInput> inputs) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putArray("inputs");
        for (HubSpotBatchInput input : inputs) {
            ObjectNode node = array.addObject();
            if (input.idProperty() != null) {
                node.put("idProperty", input.idProperty());
            }
            node.put("id", input.id());
            node.set("properties", JSON.valueToTree(input.properties()));
        }
        return body;
    }

    private JsonNode exchange(String call, String method, String path, JsonNode body) {
        return send(call, method, path, body).json();
    }

    private record Response(int status, JsonNode json) {
    }

    private Response send(String call, String method, String path, JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + auth.accessToken())
                .header("Accept", "application/json");
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        requests.incrementAndGet();
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw classifier.ioFailure(call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(ConnectorException.Kind.RETRIABLE, "Interrupted during HubSpot call " + call, e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            if (status == 401) {
                auth.invalidate();
            }
            throw classifier.classify(call, status, response.headers(), response.body(),
                    HubSpotErrorClassifier.scopeFor(method, path));
        }
        return new Response(status, answers.json(call, status, response.body()));
    }

    private void requireBatchSize(int size, String call) {
        if (size > MAX_BATCH_INPUTS) {
            throw new IllegalArgumentException("HubSpot " + call + " takes at most " + MAX_BATCH_INPUTS + " inputs, got "
                    + size + "; split the batch (RecordSink.maxBatchSize()).");
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "HubSpotClient[" + connectionId + ", " + SecretRefs.withoutUserInfo(settings.baseUrl()) + "]";
    }
}
