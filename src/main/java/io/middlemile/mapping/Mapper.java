package io.middlemile.mapping;

import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.Provenance;
import io.middlemile.workspace.FieldMapping;
import io.middlemile.workspace.MappingConfig;
import io.middlemile.workspace.ObjectConfig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One compiled mapping file, applied in both directions: a provider record to a canonical record
 * (inbound) and a canonical record to a provider record (outbound). Thread-safe and reusable.
 */
public final class Mapper {

    private final MappingConfig config;
    private final Entity entity;
    private final String idField;
    private final List<CompiledLine> inbound = new ArrayList<>();
    private final List<CompiledLine> outbound = new ArrayList<>();

    private record CompiledLine(FieldMapping line, List<Transform> transforms) {
    }

    /**
     * @param config the validated mapping file
     * @param object the mapped object's configuration, for its id field
     */
    public Mapper(MappingConfig config, ObjectConfig object) {
        this.config = config;
        this.entity = Entity.byId(config.entity())
                .orElseThrow(() -> new IllegalArgumentException("mapping " + config.id() + ": unknown entity " + config.entity()));
        this.idField = object == null ? null : object.id();
        for (FieldMapping line : config.fields()) {
            List<Transform> transforms = line.transform().stream()
                    .map(name -> Transforms.byName(name).orElseThrow(() ->
                            new IllegalArgumentException("mapping " + config.id() + ": unknown transform " + name)))
                    .toList();
            CompiledLine compiled = new CompiledLine(line, transforms);
            if (line.inbound()) {
                inbound.add(compiled);
            }
            if (line.outbound()) {
                outbound.add(compiled);
            }
        }
    }

    public String id() {
        return config.id();
    }

    /** Provider record to canonical record; throws {@link MappingException} naming the field when it cannot. */
    public CanonicalRecord toCanonical(SourceRecord record) {
        Instant setAt = record.modifiedAt() != null ? record.modifiedAt() : Instant.now();
        Provenance provenance = new Provenance(record.ref().connection(), setAt);
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        TransformContext context = new TransformContext(record.fields(), null);
        List<String> problems = new ArrayList<>();
        for (CompiledLine compiled : inbound) {
            FieldMapping line = compiled.line();
            String value = line.constant() != null ? line.constant() : text(record.fields().get(line.source()));
            for (Transform transform : compiled.transforms()) {
                if (value == null) {
                    break;
                }
                Transform.Result result = transform.apply(value, context);
                if (result.problem() != null) {
                    problems.add(line.source() + " → " + line.canonical() + ": " + result.problem());
                }
                value = result.value();
            }
            if ((value == null || value.isEmpty()) && line.defaultValue() != null) {
                value = line.defaultValue();
            }
            if (value != null && !value.isEmpty()) {
                fields.put(line.canonical(), new FieldValue(value, provenance));
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingException(String.join("; ", problems));
        }
        return new CanonicalRecord(entity, record.ref(), record.modifiedAt(), fields);
    }

    /**
     * Canonical record to provider record. The key is the canonical record's source id, which makes
     * the write idempotent for file targets; the id field is filled with it when the mapping leaves
     * it empty.
     */
    public TargetRecord fromCanonical(CanonicalRecord record) {
        if (record.entity() != entity) {
            throw new MappingException("mapping " + config.id() + " writes " + entity.id() + " records, got a "
                    + record.entity().id() + " record");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (CompiledLine compiled : outbound) {
            FieldMapping line = compiled.line();
            if (line.source() == null || "never".equals(line.write())) {
                continue;
            }
            Object value = line.constant() != null ? line.constant() : record.value(line.canonical());
            if (value == null && line.defaultValue() != null) {
                value = line.defaultValue();
            }
            fields.put(line.source(), value);
        }
        String key = record.source().sourceId();
        if (idField != null && fields.get(idField) == null) {
            fields.put(idField, key);
        }
        return new TargetRecord(config.object(), key, fields, record.source());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
