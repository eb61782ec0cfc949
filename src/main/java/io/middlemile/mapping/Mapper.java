package io.middlemile.mapping;

import io.middlemile.connector.FieldWrite;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;
import io.middlemile.standardize.CountryStandardizer;
import io.middlemile.standardize.StandardizeContext;
import io.middlemile.standardize.Standardized;
import io.middlemile.standardize.Verdict;
import io.middlemile.workspace.FieldMapping;
import io.middlemile.workspace.MappingConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.ValueMapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One compiled mapping file, applied in both directions: a provider record to a canonical record
 * (inbound: conditions, transforms, standardizers, value maps, defaults) and a canonical record to a
 * provider record (outbound: reverse value maps and per-field write rules). Thread-safe.
 */
public final class Mapper {

    private final MappingConfig config;
    private final Entity entity;
    private final String idField;
    private final List<Line> inbound = new ArrayList<>();
    private final List<Line> outbound = new ArrayList<>();
    // lookups a sync makes per field of every record: indexed once here (first line wins, as in the file)
    private final Map<String, String> outboundFields = new java.util.HashMap<>();
    private final Map<String, String> canonicalFields = new java.util.HashMap<>();
    private final Map<String, String> referredObjects = new java.util.HashMap<>();
    // the provider fields a record's inbound mapping looks at: values, joined parts, conditions and the country
    private final java.util.Set<String> inboundReads = new java.util.HashSet<>();
    // provider field -> the canonical fields its value is read into as it is (not through a value map or as an id)
    private final Map<String, List<String>> readInto = new java.util.HashMap<>();
    // one line per chain that reads one field through transforms, for warm
    private final List<Line> warmed = new ArrayList<>();

    /**
     * A mapping line with its transforms built and its condition compiled. {@code chain} numbers the
     * distinct input-and-transforms combinations: lines that only take different outputs of the same
     * standardizer (value, key, seniority, ...) share one evaluation per record.
     */
    private record Line(FieldMapping spec, List<Transform> transforms, List<Transform> transformsOut, When when, int chain) {
    }

    /** One evaluated chain: the final value and standardizer result, or where it found the input invalid. */
    private record Chain(String value, Standardized last, String invalidValue, String invalidReason) {
    }

    private int chains;

    /**
     * @param config the validated mapping file
     * @param object the mapped object's configuration, for its id field
     */
    public Mapper(MappingConfig config, ObjectConfig object) {
        this.config = config;
        this.entity = Entity.byId(config.entity())
                .orElseThrow(() -> new IllegalArgumentException("mapping " + config.id() + ": unknown entity " + config.entity()));
        this.idField = object == null ? null : object.id();
        Map<String, Integer> chainIds = new java.util.HashMap<>();
        for (FieldMapping spec : config.fields()) {
            String chainKey = spec.constant() + "|" + spec.source() + "|" + spec.sources() + "|" + spec.join() + "|" + spec.transform();
            Line line = new Line(spec,
                    spec.transform().stream().map(Transforms.CATALOG::create).toList(),
                    spec.transformOut().stream().map(Transforms.CATALOG::create).toList(),
                    When.of(spec.when()),
                    chainIds.computeIfAbsent(chainKey, key -> chains++));
            if (spec.inbound()) {
                inbound.add(line);
                if (spec.source() != null) {
                    inboundReads.add(spec.source());
                }
                inboundReads.addAll(spec.sources());
                if (line.when() != null) {
                    inboundReads.add(line.when().field());
                }
                if (spec.constant() == null && spec.refers() == null && spec.values().isEmpty()) {
                    List<String> read = new ArrayList<>(spec.sources());
                    if (spec.source() != null) {
                        read.add(spec.source());
                    }
                    read.forEach(field -> readInto.computeIfAbsent(field, f -> new ArrayList<>()).add(spec.canonical()));
                }
                boolean oneField = spec.constant() == null && spec.sources().isEmpty() && spec.source() != null
                        && spec.refers() == null && !line.transforms().isEmpty();
                if (oneField && warmed.stream().noneMatch(other -> other.chain() == line.chain())) {
                    warmed.add(line);
                }
            }
            if (spec.outbound() && spec.source() != null) {
                outbound.add(line);
                outboundFields.putIfAbsent(spec.canonical(), spec.source());
                if (spec.constant() == null) {
                    canonicalFields.putIfAbsent(spec.source(), spec.canonical());
                }
                if (spec.refers() != null) {
                    referredObjects.putIfAbsent(spec.canonical(), spec.refers());
                }
            }
        }
    }

    /** Whether mapping a provider record in reads {@code field} (a value, a part, a condition or the country). */
    public boolean reads(String field) {
        return inboundReads.contains(field) || field.equals(config.countryField());
    }

    /**
     * The canonical fields the inbound mapping reads {@code field}'s value into as a value (empty when none): so a caller
     * holding JSON can check its kind against theirs. Lines reading it through a value map ({@code values:}, which
     * compares any value as text) or as another record's id ({@code refers:}) are left out.
     */
    public List<String> readInto(String field) {
        return readInto.getOrDefault(field, List.of());
    }

    /** The canonical entity this mapping maps to. */
    public Entity entity() {
        return entity;
    }

    /** A mapper for every mapping of the workspace, by mapping id. */
    public static Map<String, Mapper> all(io.middlemile.workspace.Workspace workspace) {
        Map<String, Mapper> mappers = new LinkedHashMap<>();
        workspace.mappings().forEach((id, config) -> mappers.put(id,
                new Mapper(config, workspace.connectors().get(config.connector()).object(config.object()))));
        return mappers;
    }

    public String id() {
        return config.id();
    }

    /** The provider field a canonical field is written to, or null when the mapping does not write it. */
    public String outboundField(String canonical) {
        return outboundFields.get(canonical);
    }

    /**
     * The canonical field a provider field is written from, or null when the mapping writes it from a
     * constant or not at all: a sync leaves out provider fields whose canonical field did not change.
     */
    public String canonicalOf(String providerField) {
        return canonicalFields.get(providerField);
    }

    /** For a reference field: the object of this mapping's connection its ids belong to (refers:), or null. */
    public String refersOf(String canonical) {
        return referredObjects.get(canonical);
    }

    /** A reference read from a provider: one id, or a list of ids of which the first is the primary. */
    private static String firstId(Object value) {
        if (value instanceof java.util.Collection<?> ids) {
            value = ids.isEmpty() ? null : ids.iterator().next();
        }
        String id = value == null ? null : value.toString().strip();
        return id == null || id.isEmpty() ? null : id;
    }

    /** The object this mapping writes. */
    public String object() {
        return config.object();
    }

    /**
     * About to map {@code records}: each line's first transform reads ahead for all of their values at once (a
     * standardizer that remembers results, its cache: {@link Transform#warm}), so that mapping them one by one finds what
     * it looks up in the processor's caches. A hint: the records map the same without it.
     */
    public void warm(List<SourceRecord> records) {
        for (Line line : warmed) {
            String[] values = new String[records.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = text(records.get(i).fields().get(line.spec().source()));
            }
            line.transforms().get(0).warm(values);
        }
    }

    /** Provider record to canonical record, with notes; throws {@link MappingException} when a line rejects the record. */
    public Mapped<CanonicalRecord> toCanonical(SourceRecord record) {
        return toCanonical(record, true);
    }

    /**
     * As {@link #toCanonical(SourceRecord)}, without the lines' {@code default:} values: only what the record itself says.
     * A default fills a field the provider requires on write (Salesforce's LastName "[not provided]"); it says nothing
     * about who the record is, so a lookup must neither compare it nor count it as a field the record has.
     */
    public Mapped<CanonicalRecord> toCanonicalWithoutDefaults(SourceRecord record) {
        return toCanonical(record, false);
    }

    private Mapped<CanonicalRecord> toCanonical(SourceRecord record, boolean defaults) {
        Instant setAt = record.modifiedAt() != null ? record.modifiedAt() : Instant.now();
        Provenance provenance = new Provenance(record.ref().connection(), setAt);
        StandardizeContext context = StandardizeContext.of(country(record.fields()));
        CanonicalRecord.Fields fields = new CanonicalRecord.Fields();
        List<String> notes = new ArrayList<>();
        Chain[] evaluated = new Chain[chains];
        for (Line line : inbound) {
            FieldMapping spec = line.spec();
            if (!applies(line, record.fields())) {
                continue;
            }
            if (spec.refers() != null) {
                // the id means something only in this connection: kept with where it comes from, for a sync to translate
                String id = firstId(record.fields().get(spec.source()));
                if (id != null) {
                    fields.put(spec.canonical(), new FieldValue(new SourceRef(record.ref().connection(), spec.refers(), id), provenance));
                }
                continue;
            }
            if (evaluated[line.chain()] == null) {
                evaluated[line.chain()] = evaluate(line, record.fields(), context);
            }
            String value = inboundValue(line, evaluated[line.chain()], notes);
            if (value != null && spec.placeholder() != null && value.strip().equalsIgnoreCase(spec.placeholder().strip())) {
                // the stand-in the hub writes for a required field (its case as a standardizer left it): no value of the record
                value = null;
            }
            if (value != null && !spec.values().isEmpty()) {
                value = mapValue(spec, value, true, notes);
            }
            if ((value == null || value.isEmpty()) && spec.defaultValue() != null && defaults) {
                value = spec.defaultValue();
            }
            if (value != null && !value.isEmpty()) {
                fields.put(spec.canonical(), new FieldValue(value, provenance));
            }
        }
        return new Mapped<>(fields.record(entity, record.ref(), record.modifiedAt()), List.copyOf(notes));
    }

    private static Chain evaluate(Line line, Map<String, Object> source, StandardizeContext context) {
        FieldMapping spec = line.spec();
        String value;
        if (spec.constant() != null) {
            value = spec.constant();
        } else if (!spec.sources().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (String field : spec.sources()) {
                String part = text(source.get(field));
                if (part != null && !part.isBlank()) {
                    parts.add(part.strip());
                }
            }
            value = parts.isEmpty() ? null : String.join(spec.join(), parts);
        } else {
            value = text(source.get(spec.source()));
        }
        Standardized last = null;
        for (int i = 0; i < line.transforms().size() && value != null; i++) {
            Standardized result = line.transforms().get(i).apply(value, context);
            if (result.verdict() == Verdict.INVALID) {
                return new Chain(null, result, value, result.reason());
            }
            value = result.value();
            last = result;
        }
        return new Chain(value, last, null, null);
    }

    private String inboundValue(Line line, Chain chain, List<String> notes) {
        FieldMapping spec = line.spec();
        if (chain.invalidReason() != null) {
            String problem = label(spec) + ": \"" + chain.invalidValue() + "\" is not valid (" + chain.invalidReason() + ")";
            switch (spec.invalid()) {
                case "reject" -> throw new MappingException(problem);
                case "empty" -> {
                    notes.add(problem + "; left empty");
                    return null;
                }
                default -> {
                    // a line taking a key or attribute of the same value stays quiet: the value line already told
                    if (!"value".equals(spec.take())) {
                        return null;
                    }
                    notes.add(problem + "; kept as is");
                    return chain.invalidValue();
                }
            }
        }
        String value = chain.value();
        if (value == null || "value".equals(spec.take())) {
            return value;
        }
        Standardized last = chain.last();
        if (last == null) {
            return null;
        }
        return "key".equals(spec.take()) ? last.key() : last.attributes().get(spec.take());
    }

    /**
     * Canonical record to a provider record. Each field carries its write rule, its source time and
     * the provider values equivalent to it, so the governed write path can respect {@code if-empty},
     * {@code prefer-newest} and value-map round trips against the target's current state. Lines with
     * {@code write: never} and fields the canonical record lacks are left out: nothing is cleared by
     * omission. The key is the canonical record's source id, which makes file writes idempotent; the
     * target's id field is filled with it when the mapping leaves it empty.
     */
    /**
     * Where an enriched value came from, as {@code take: provenance} writes it, e.g. "fullenrich 2026-12-03T05:00:00Z
     * DELIVERABLE confidence 0.95 cost 0.29"; null for a value read from a source (nothing was bought).
     */
    static String provenance(io.middlemile.model.Provenance provenance) {
        if (provenance == null || (provenance.cost() == null && provenance.confidence() == null && provenance.verification() == null)) {
            return null;
        }
        StringBuilder text = new StringBuilder(provenance.setBy());
        if (provenance.setAt() != null) {
            text.append(' ').append(provenance.setAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        if (provenance.verification() != null) {
            text.append(' ').append(provenance.verification());
        }
        if (provenance.confidence() != null) {
            text.append(String.format(java.util.Locale.ROOT, " confidence %.2f", provenance.confidence()));
        }
        if (provenance.cost() != null) {
            text.append(String.format(java.util.Locale.ROOT, " cost %.2f", provenance.cost()));
        }
        return text.toString();
    }

    public Mapped<TargetRecord> fromCanonical(CanonicalRecord record) {
        if (record.entity() != entity) {
            throw new MappingException("mapping " + config.id() + " writes " + entity.id() + " records, got a "
                    + record.entity().id() + " record");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, FieldWrite> writes = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Line line : outbound) {
            FieldMapping spec = line.spec();
            if ("never".equals(spec.write())) {
                continue;
            }
            FieldValue canonical = record.fields().get(spec.canonical());
            if (spec.refers() != null && canonical != null && canonical.value() instanceof SourceRef ref) {
                notes.add(label(spec) + ": refers to " + ref.connection() + "/" + ref.object() + " " + ref.sourceId()
                        + ", whose id in " + config.connector() + " only a sync (hub-sync) can look up; left out");
                continue;
            }
            String value = spec.constant() != null ? spec.constant() : canonical == null ? null
                    : "provenance".equals(spec.take()) ? provenance(canonical.provenance()) : text(canonical.value());
            Set<String> equivalents = Set.of();
            if (value != null && !spec.values().isEmpty()) {
                equivalents = equivalents(spec, value);
                value = mapValue(spec, value, false, notes);
            }
            if (value == null && spec.defaultValue() != null) {
                value = spec.defaultValue();
            }
            if ((value == null || value.isEmpty()) && spec.placeholder() != null) {
                value = spec.placeholder();
            }
            for (int i = 0; i < line.transformsOut().size() && value != null; i++) {
                value = line.transformsOut().get(i).apply(value, StandardizeContext.NONE).value();
            }
            if (value == null) {
                continue;
            }
            fields.put(spec.source(), value);
            Instant setAt = canonical == null || canonical.provenance() == null ? null : canonical.provenance().setAt();
            // an owner the hub wrote before: a different one in the target now is a person's change, which the write keeps
            String ours = canonical == null || canonical.written() == null ? null : text(canonical.written());
            if (!"always".equals(spec.write()) || !equivalents.isEmpty() || ours != null) {
                writes.put(spec.source(), new FieldWrite(spec.write(), setAt, equivalents, ours));
            }
        }
        String key = record.source().sourceId();
        if (idField != null && fields.get(idField) == null) {
            fields.put(idField, key);
        }
        return new Mapped<>(new TargetRecord(config.object(), key, fields, record.source(), writes), List.copyOf(notes));
    }

    /**
     * Every provider value the value map reads as {@code canonicalValue}: when the target holds one of
     * them already, writing changes nothing (several provider values can mean one canonical value).
     */
    private static Set<String> equivalents(FieldMapping spec, String canonicalValue) {
        Set<String> values = new java.util.HashSet<>();
        for (ValueMapping pair : spec.values()) {
            if (pair.canonical().equalsIgnoreCase(canonicalValue) && firstMatch(spec, pair.source()) == pair) {
                values.add(pair.source());
            }
        }
        return values;
    }

    private static ValueMapping firstMatch(FieldMapping spec, String sourceValue) {
        for (ValueMapping pair : spec.values()) {
            if (pair.source().equalsIgnoreCase(sourceValue)) {
                return pair;
            }
        }
        return null;
    }

    private String mapValue(FieldMapping spec, String value, boolean inbound, List<String> notes) {
        for (ValueMapping pair : spec.values()) {
            String from = inbound ? pair.source() : pair.canonical();
            if (from.equalsIgnoreCase(value.strip())) {
                return inbound ? pair.canonical() : pair.source();
            }
        }
        String problem = label(spec) + ": \"" + value + "\" is not in the value map";
        return switch (spec.unmapped()) {
            case "reject" -> throw new MappingException(problem + "; add it to values: in mappings/" + config.id() + ".yaml");
            case "empty" -> {
                notes.add(problem + "; left empty");
                yield null;
            }
            default -> {
                notes.add(problem + "; passed through unchanged");
                yield value;
            }
        };
    }

    private boolean applies(Line line, Map<String, Object> source) {
        return line.when() == null || line.when().test(source.get(line.when().field()));
    }

    private String country(Map<String, Object> source) {
        if (config.countryField() != null) {
            String code = CountryStandardizer.toCode(text(source.get(config.countryField())));
            if (code != null) {
                return code;
            }
        }
        return config.defaultCountry();
    }

    private static String label(FieldMapping spec) {
        String from = spec.source() != null ? spec.source() : spec.sources().isEmpty() ? "constant" : String.join("+", spec.sources());
        return from + " → " + spec.canonical();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
