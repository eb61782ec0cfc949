package io.middlemile.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.connector.SourceRecord;
import io.middlemile.dedupe.Contribution;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.dedupe.IncrementalMatcher;
import io.middlemile.dedupe.PairDecision;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.MappingException;
import io.middlemile.match.MatchIndexes;
import io.middlemile.match.MatchQuery;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.FieldValue;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.Workspace;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Is this person already known?": {@code POST /api/match/{rule}} scores one record against the rule's match index
 * and answers its candidates, best first, with band and explanation. The record is canonical ({@code {"email": ...}})
 * or, with {@code ?mapping=ID}, shaped like that mapping's provider object (flat, or as the CRM's API returns it: see
 * {@link ProviderShapes}) and mapped in first, without the mapping's defaults. Nothing is stored.
 */
@RestController
@RequestMapping("/api/match")
public class MatchController {

    /** Where a looked-up record says it comes from; it is never stored, so no real source is needed. */
    private static final SourceRef REQUEST = MatchQuery.REQUEST;
    private static final int MAX_VALUE_LENGTH = 1000;

    private final MatchIndexes indexes;
    private final Map<String, Mapper> mappers;
    // mapping id -> the connector type of its connection: which CRM's own record shape the mapping's records may come in
    private final Map<String, String> providers = new LinkedHashMap<>();

    public MatchController(MatchIndexes indexes, Workspace workspace) {
        this.indexes = indexes;
        this.mappers = Mapper.all(workspace);
        workspace.mappings().forEach((id, config) -> providers.put(id, workspace.connectors().get(config.connector()).type()));
    }

    /** One candidate: the record, its match probability ("score"), the band and why. */
    public record Candidate(SourceRef record, double score, double weight, String band, List<Contribution> explanation,
                            List<String> conflicts) {
        static Candidate of(PairDecision d) {
            return new Candidate(d.right(), d.probability(), d.weight(), d.decision().name(), d.explanation(), d.conflicts());
        }
    }

    /**
     * @param band             the best candidate's band (AUTO_MERGE, REVIEW or NO_MATCH when there is none)
     * @param candidatesScored how many records blocking brought to compare
     * @param candidates       candidates in the review band or above, best first, at most 10
     * @param unread           with {@code ?mapping=}: the fields of the record the mapping does not read (left out when none)
     */
    public record MatchAnswer(String rule, String band, int candidatesScored, List<Candidate> candidates,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unread) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @PostMapping("/{rule}")
    public MatchAnswer match(@PathVariable String rule, @RequestParam(required = false) String mapping,
                             @RequestBody(required = false) JsonNode body) {
        DedupeRules rules = indexes.rules(rule); // an unknown rule is a 404 before the body is looked at
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("The body must be one JSON object: the record to match, e.g. {\"email\":"
                    + " \"ana@acme.com\", \"firstName\": \"Ana\"}" + (body == null ? "; it was empty" : "; got " + kind(body)));
        }
        Map<String, Object> fields;
        Mapper mapper = null;
        List<String> setAside = List.of();
        if (mapping == null) {
            fields = scalars(body);
            // canonical fields have kinds: {"email": 5} is a client's bug, not a lookup of the address "5"
            // the body's values as JSON gave them (text, number, true/false), which scalars made text
            MatchQuery.checkKinds(rules, JSON.convertValue(body, new TypeReference<Map<String, Object>>() { }));
        } else {
            mapper = mapper(rules, mapping);
            // a HubSpot object or a Salesforce record as their APIs return them: the fields the connector would read
            ProviderShapes.Fields shaped = ProviderShapes.of(providers.get(mapping), (ObjectNode) body);
            fields = scalars(shaped.fields());
            setAside = shaped.setAside();
            // the same kinds as the canonical form, held against the canonical fields the mapping reads each field into
            MatchQuery.checkKinds(mapper, JSON.convertValue(shaped.fields(), new TypeReference<Map<String, Object>>() { }));
        }
        CanonicalRecord record = mapper == null ? canonical(rules, fields) : mapped(mapper, fields);
        if (!MatchQuery.matchable(rules, record)) {
            throw new IllegalArgumentException("The record has none of the fields rule " + rule + " compares ("
                    + String.join(", ", rules.matchFields()) + ")" + (mapping == null ? "" : " once mapped with " + mapping)
                    + "; send at least one of them");
        }
        IncrementalMatcher.Match match = indexes.lookup(rule, record);
        // a provider-shaped record may carry fields its mapping does not read (a whole CRM record); they are named, so a
        // misspelt "emial" that matched nothing is seen, not taken for "no such person"
        List<String> unread = new ArrayList<>();
        if (mapper != null) {
            Mapper reading = mapper;
            fields.keySet().stream().filter(field -> !reading.reads(field)).forEach(unread::add);
            unread.addAll(setAside);
        }
        return new MatchAnswer(rule, match.decision().name(), match.candidatesScored(),
                match.matches().stream().map(Candidate::of).toList(), unread);
    }

    private static Map<String, Object> scalars(JsonNode body) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.isValueNode()) {
                throw new IllegalArgumentException("\"" + field.getKey() + "\" must be a string, number or boolean; got " + kind(value));
            }
            String text = value.asText();
            if (text.length() > MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("\"" + field.getKey() + "\" is " + text.length() + " characters long; at most "
                        + MAX_VALUE_LENGTH + " are accepted");
            }
            fields.put(field.getKey(), text);
        }
        return fields;
    }

    private static CanonicalRecord canonical(DedupeRules rules, Map<String, Object> fields) {
        try {
            return MatchQuery.canonical(rules, fields);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " or add ?mapping=ID for a provider-shaped record");
        }
    }

    private Mapper mapper(DedupeRules rules, String mappingId) {
        Mapper mapper = mappers.get(mappingId);
        if (mapper == null) {
            throw new IllegalArgumentException("\"mapping\": there is no mapping \"" + mappingId + "\"; mappings are "
                    + String.join(", ", mappers.keySet()) + " (files in mappings/)");
        }
        if (mapper.entity() != rules.entity()) {
            throw new IllegalArgumentException("\"mapping\": " + mappingId + " maps " + mapper.entity().id() + " records, but"
                    + " this rule matches " + rules.entity().id() + " records");
        }
        return mapper;
    }

    private static CanonicalRecord mapped(Mapper mapper, Map<String, Object> fields) {
        try {
            // without the mapping's defaults: a value the hub writes where a CRM requires one (Salesforce's LastName
            // "[not provided]") is not the caller's evidence, and made every record look matchable and be looked up by it
            return mapper.toCanonicalWithoutDefaults(new SourceRecord(REQUEST, fields, null, "request body")).record();
        } catch (MappingException e) {
            throw new IllegalArgumentException("The record could not be mapped with " + mapper.id() + ": " + e.getMessage());
        }
    }

    private static String kind(JsonNode node) {
        return node.isArray() ? "an array" : node.isObject() ? "an object" : node.isTextual() ? "a string" : "a " + node.getNodeType()
                .name().toLowerCase();
    }
}
