package io.middlemile.workspace;

import io.middlemile.model.CanonicalField;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldType;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * The checks on a mapping file's lines: every field it names exists, every transform exists and
 * can produce what the line takes, value types agree, and each line is unambiguous.
 */
final class MappingLineChecks {

    /** {@code take: provenance}: an outbound line writing where the canonical value came from. */
    static final String PROVENANCE = "provenance";

    /**
     * The fields in which a CRM keeps a record's owner as its user id, which is all they take: HubSpot's
     * {@code hubspot_owner_id}, an owner's id (https://developers.hubspot.com/docs/api-reference/latest/crm/owners/get-owners.md),
     * and Salesforce's {@code OwnerId}, a User or Queue id
     * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_lead.htm);
     * Salesforce field names are case-insensitive.
     */
    static final List<String> OWNER_ID_FIELDS = List.of("hubspot_owner_id", "OwnerId");

    /** True when {@code field} is a CRM's owner-id field ({@link #OWNER_ID_FIELDS}). */
    static boolean ownerIdField(String field) {
        return field != null && OWNER_ID_FIELDS.stream().anyMatch(owner -> owner.equalsIgnoreCase(field.strip()));
    }

    private final WorkspaceLoader.FileContext file;
    private final MappingConfig mapping;
    private final ObjectConfig object;
    private final Entity entity;
    private final TransformCatalog transforms;
    private final Set<String> connectorObjects;

    /** @param connectorObjects the objects of the mapping's connection, which {@code refers:} may name (null: unknown) */
    MappingLineChecks(WorkspaceLoader.FileContext file, MappingConfig mapping, ObjectConfig object, Entity entity,
                      TransformCatalog transforms, Set<String> connectorObjects) {
        this.file = file;
        this.mapping = mapping;
        this.object = object;
        this.entity = entity;
        this.transforms = transforms;
        this.connectorObjects = connectorObjects;
    }

    void check() {
        if (mapping.countryField() != null) {
            checkField(mapping.countryField(), "/countryField");
        }
        if (mapping.fields() == null) {
            return;
        }
        Set<String> inbound = new HashSet<>();
        Set<String> outbound = new HashSet<>();
        for (int i = 0; i < mapping.fields().size(); i++) {
            FieldMapping line = mapping.fields().get(i);
            if (line != null) {
                checkLine(line, "/fields/" + i, inbound, outbound);
            }
        }
    }

    private void checkLine(FieldMapping line, String pointer, Set<String> inbound, Set<String> outbound) {
        CanonicalField canonical = null;
        if (entity != null && line.canonical() != null) {
            canonical = entity.field(line.canonical()).orElse(null);
            if (canonical == null) {
                file.error(pointer + "/canonical", "\"" + line.canonical() + "\" is not a canonical " + entity.id()
                        + " field; expected one of " + entity.fields().keySet().stream().sorted().toList());
            }
        }
        int given = (line.source() != null ? 1 : 0) + (line.sources().isEmpty() ? 0 : 1) + (line.constant() != null ? 1 : 0);
        if (given == 0) {
            file.error(pointer, "needs source: (a field of " + mapping.object() + "), sources: (several fields to join)"
                    + " or constant: (a fixed value)");
        } else if (given > 1) {
            file.error(pointer, "give only one of source:, sources: and constant:");
        }
        if (line.source() != null) {
            checkField(line.source(), pointer + "/source");
        }
        if ("ownerEmail".equals(line.canonical()) && ownerIdField(line.source())) {
            // the CRM refuses an email there at every write (HubSpot: not a valid owner id), and reads back an id, not an email
            file.error(pointer + "/canonical", "ownerEmail is an email address, but " + line.source() + " holds the owner's user"
                    + " id in " + mapping.connector() + " and refuses anything else; map it to ownerId instead: {canonical: ownerId,"
                    + " source: " + line.source() + "}. hub-assign and assign_owner set ownerId to the owner's CRM id (README,"
                    + " Owner assignment: Owners from the CRM)");
        }
        for (int s = 0; s < line.sources().size(); s++) {
            checkField(line.sources().get(s), pointer + "/sources/" + s);
        }
        if (!line.sources().isEmpty() && line.outbound()) {
            file.error(pointer + "/direction", "joining several fields only works on the way in; add direction: in");
        }
        if (line.when() != null && line.when().field() != null) {
            checkField(line.when().field(), pointer + "/when/field");
            checkRegex(line.when().matches(), pointer + "/when/matches");
        }
        checkReference(line, pointer, canonical);
        checkTransforms(line, pointer, canonical);
        checkTransformsOut(line, pointer);
        checkValues(line, pointer);
        if (!"always".equals(line.write()) && !line.outbound()) {
            file.error(pointer + "/write", "write rules apply when writing to " + mapping.connector()
                    + ", but this line is direction: in; remove write: or change the direction");
        }
        boolean conditional = line.when() != null;
        if (line.canonical() != null && line.inbound() && !line.inputs().isEmpty() && !conditional
                && !inbound.add(line.canonical())) {
            file.error(pointer + "/canonical", "\"" + line.canonical()
                    + "\" is already read from another field above; use direction: out for one of them or add when:");
        }
        if (line.source() != null && line.outbound() && !conditional && !outbound.add(line.source())) {
            file.error(pointer + "/source", "\"" + line.source()
                    + "\" is already written from another canonical field above; use direction: in for one of them");
        }
    }

    private void checkTransforms(FieldMapping line, String pointer, CanonicalField canonical) {
        String last = null;
        for (int t = 0; t < line.transform().size(); t++) {
            TransformSpec spec = line.transform().get(t);
            String at = pointer + "/transform/" + t;
            if (spec == null || spec.name() == null) {
                file.error(at, "is empty; name a transform, one of " + sorted(transforms.names()));
                last = null;
                continue;
            }
            Optional<String> problem = transforms.problem(spec);
            if (problem.isPresent()) {
                file.error(at, problem.get());
                last = null;
                continue;
            }
            last = spec.name();
        }
        if (PROVENANCE.equals(line.take())) {
            if (!"out".equals(line.direction()) || !line.transform().isEmpty()) {
                file.error(pointer + "/take", "take: provenance writes who found the canonical value (provider, time, verdict,"
                        + " confidence, cost) into its own field; it belongs on a line with direction: out and no transform");
            }
        } else if (!"value".equals(line.take())) {
            Set<String> outputs = last == null ? Set.of() : transforms.outputs(last);
            if (last == null || outputs.isEmpty()) {
                file.error(pointer + "/take", "take: " + line.take() + " needs a standardizer as the last transform"
                        + " (e.g. email, phone, job-title); only value can be taken from plain text transforms");
            } else if (!outputs.contains(line.take())) {
                file.error(pointer + "/take", "transform " + last + " has no output \"" + line.take() + "\"; expected value or one of "
                        + sorted(outputs));
            }
        } else if (last != null && canonical != null && canonical.type() != FieldType.STRING) {
            String producer = last;
            transforms.produces(producer).filter(type -> type != canonical.type()).ifPresent(type ->
                    file.error(pointer + "/transform", "type clash: " + producer + " produces " + words(type) + " but "
                            + canonical.name() + " holds " + words(canonical.type()) + "; use the matching standardizer"));
        }
    }

    private void checkReference(FieldMapping line, String pointer, CanonicalField canonical) {
        boolean reference = canonical != null && canonical.type() == FieldType.REFERENCE;
        if (reference && line.refers() == null) {
            file.error(pointer + "/refers", "is required: " + canonical.name() + " points at another record, so say which object of "
                    + mapping.connector() + " the id in " + line.source() + " belongs to, e.g. refers: companies (HubSpot)"
                    + " or refers: Account (Salesforce)");
            return;
        }
        if (line.refers() == null) {
            return;
        }
        if (canonical != null && !reference) {
            file.error(pointer + "/refers", "only applies to reference fields, but " + canonical.name() + " holds "
                    + words(canonical.type()) + "; remove refers:");
        } else if (connectorObjects != null && !connectorObjects.contains(line.refers())) {
            file.error(pointer + "/refers", "\"" + line.refers() + "\" is not an object of " + mapping.connector() + "; expected one of "
                    + sorted(connectorObjects));
        }
        if (line.source() == null) {
            file.error(pointer + "/source", "a reference line needs source: (the field holding the id)");
        }
        if (!line.transform().isEmpty() || !line.transformOut().isEmpty() || !line.values().isEmpty()) {
            file.error(pointer, "a reference holds record ids, which transforms and value maps would break;"
                    + " remove transform:, transformOut: and values:");
        }
    }

    private void checkTransformsOut(FieldMapping line, String pointer) {
        if (!line.transformOut().isEmpty() && !line.outbound()) {
            file.error(pointer + "/transformOut", "applies when writing to " + mapping.connector()
                    + ", but this line is direction: in; remove transformOut: or change the direction");
        }
        for (int t = 0; t < line.transformOut().size(); t++) {
            TransformSpec spec = line.transformOut().get(t);
            String at = pointer + "/transformOut/" + t;
            if (spec == null || spec.name() == null) {
                file.error(at, "is empty; name a transform");
            } else if (!transforms.outputs(spec.name()).isEmpty()) {
                file.error(at, spec.name() + " is a standardizer; on the way out only text transforms apply"
                        + " (trim, lowercase, uppercase, collapse-spaces, replace, split)");
            } else {
                transforms.problem(spec).ifPresent(problem -> file.error(at, problem));
            }
        }
    }

    private void checkValues(FieldMapping line, String pointer) {
        if (!line.values().isEmpty() && line.unmapped() == null) {
            file.error(pointer + "/values", "a value map needs an explicit rule for values it does not list:"
                    + " add unmapped: keep, empty or reject");
        }
        if (line.values().isEmpty() && line.unmapped() != null) {
            file.error(pointer + "/unmapped", "only applies together with values:; remove it or add the value map");
        }
    }

    private void checkField(String field, String pointer) {
        if (object != null && object.fields() != null && !object.hasField(field)) {
            file.error(pointer, "\"" + field + "\" is not a field of " + mapping.connector() + "/" + mapping.object()
                    + "; expected one of " + object.fields() + " (declare new fields in connectors/" + mapping.connector() + ".yaml)");
        }
    }

    private void checkRegex(String regex, String pointer) {
        if (regex == null) {
            return;
        }
        try {
            java.util.regex.Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            file.error(pointer, "\"" + regex + "\" is not a valid regular expression: " + e.getDescription());
        }
    }

    private static String words(FieldType type) {
        return switch (type) {
            case EMAIL -> "an email address";
            case PHONE -> "a phone number";
            case URL -> "a URL";
            case DOMAIN -> "a web domain";
            case COUNTRY -> "a country code";
            case TIMESTAMP -> "a timestamp";
            case DATE -> "a date";
            case NUMBER -> "a number";
            case MONEY -> "an amount";
            case BOOLEAN -> "a true/false value";
            case STRING_LIST -> "a list";
            case REFERENCE -> "a reference to another record";
            case STRING -> "text";
        };
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
