package io.middlemile.dedupe;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.standardize.IsoInstant;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns one {@link CanonicalRecord} into what {@link MatchRecords} stores: each matched field normalized (with
 * the key fields a mapping did not fill derived from their source field), each survivorship field as written, and
 * the row's timestamps and completeness. Stateless after construction, so records are normalized in parallel.
 */
final class RecordNormalizer {

    static final long UNKNOWN_TIME = Long.MIN_VALUE;
    /** Canonical key fields and the field they are derived from when a record lacks them. */
    private static final Map<String, String> DERIVED_FROM = Map.of("emailKey", "email", "nameKey", "name");

    /** What a matched field falls back on when a record lacks it. */
    private enum Fallback { NONE, SOURCE_FIELD, FIRST_OF_FULL_NAME, LAST_OF_FULL_NAME, WORK_DOMAIN, DOMAIN_LABEL }

    private final FieldNormalizer[] normalizers;
    // per matched field, worked out once: a million records asked each field's name the same questions
    private final Fallback[] fallbacks;
    private final int emailColumn;
    // every field a record is read for, by name, with its place in the values read from a record; then where each
    // matched field, its source, each raw field and the fields the fallbacks read are found among those values
    private final Map<String, Integer> slotOf = new java.util.HashMap<>();
    private final int[] matchSlot;
    private final int[] derivedSlot;
    private final int[] rawSlot;
    private final int country;
    private final int email;
    private final int fullName;
    private final int companyDomain;
    private final int updatedAt;
    private final int createdAt;

    RecordNormalizer(Entity entity, List<String> matchFields, List<String> rawFields) {
        boolean person = entity == Entity.PERSON;
        emailColumn = matchFields.indexOf("email");
        normalizers = new FieldNormalizer[matchFields.size()];
        fallbacks = new Fallback[matchFields.size()];
        for (int f = 0; f < normalizers.length; f++) {
            String field = matchFields.get(f);
            normalizers[f] = new FieldNormalizer(entity, field);
            fallbacks[f] = DERIVED_FROM.containsKey(field) ? Fallback.SOURCE_FIELD
                    : person && field.equals("firstName") ? Fallback.FIRST_OF_FULL_NAME
                    : person && field.equals("lastName") ? Fallback.LAST_OF_FULL_NAME
                    : field.equals("companyDomain") ? Fallback.WORK_DOMAIN
                    : person && field.equals("companyName") ? Fallback.DOMAIN_LABEL
                    : Fallback.NONE;
        }
        matchSlot = new int[matchFields.size()];
        derivedSlot = new int[matchFields.size()];
        for (int f = 0; f < matchSlot.length; f++) {
            matchSlot[f] = slot(matchFields.get(f));
            derivedSlot[f] = fallbacks[f] == Fallback.SOURCE_FIELD ? slot(DERIVED_FROM.get(matchFields.get(f))) : -1;
        }
        rawSlot = new int[rawFields.size()];
        for (int f = 0; f < rawSlot.length; f++) {
            rawSlot[f] = slot(rawFields.get(f));
        }
        country = slot("country");
        email = slot("email");
        fullName = slot("fullName");
        companyDomain = slot("companyDomain");
        updatedAt = slot("updatedAt");
        createdAt = slot("createdAt");
    }

    private int slot(String field) {
        return slotOf.computeIfAbsent(field, name -> slotOf.size());
    }

    FieldNormalizer normalizer(int field) {
        return normalizers[field];
    }

    /** One record normalized but not yet stored; built in parallel, stored sequentially. */
    record Row(CanonicalRecord record, String[] match, String[] raw, long modified, long created, int filled) {
    }

    Row normalize(CanonicalRecord r) {
        return normalize(r, values(r));
    }

    /**
     * The record's values as {@link #normalize(CanonicalRecord, Object[])} reads them: in one pass over its fields, not
     * a map look-up per field and role (at a million contacts, thirty look-ups a record were 6 % of the run's samples).
     */
    Object[] values(CanonicalRecord r) {
        return r.values(slotOf, slotOf.size());
    }

    /**
     * About to normalize records with {@code values} (of {@link #values}; null for a record left out): the fields whose
     * values are looked up among remembered ones read ahead for all of them at once ({@link FieldNormalizer#warm}).
     */
    void warm(Object[][] values) {
        String[] column = new String[values.length];
        for (int f = 0; f < normalizers.length; f++) {
            if (!normalizers[f].remembers()) {
                continue;
            }
            for (int i = 0; i < values.length; i++) {
                column[i] = values[i] != null && values[i][matchSlot[f]] instanceof String s ? s : null;
            }
            normalizers[f].warm(column);
        }
    }

    Row normalize(CanonicalRecord r, Object[] v) {
        String country = string(v[this.country]);
        String[] match = new String[normalizers.length];
        for (int f = 0; f < normalizers.length; f++) {
            Object value = v[matchSlot[f]];
            if (value == null) {
                value = switch (fallbacks[f]) {
                    case NONE -> null;
                    // key fields a mapping did not fill come from their source
                    case SOURCE_FIELD -> v[derivedSlot[f]];
                    case FIRST_OF_FULL_NAME -> fromFullName(string(v[fullName]), true);
                    case LAST_OF_FULL_NAME -> fromFullName(string(v[fullName]), false);
                    // a work address names the employer, as CRMs assume; reuse the e-mail key when it is a column
                    case WORK_DOMAIN -> emailColumn >= 0 && emailColumn < f ? workDomainOfKey(match[emailColumn])
                            : workDomain(string(v[email]));
                    // as above: the employer's domain names it ("atlanticenergy2.com" → atlanticenergy2), so a record
                    // with only a work address still meets and agrees with one that has only the company name
                    case DOMAIN_LABEL -> domainLabel(v[companyDomain] != null ? string(v[companyDomain])
                            : workDomain(string(v[email])));
                };
            }
            match[f] = normalizers[f].normalize(value, country);
        }
        String[] raw = new String[rawSlot.length];
        for (int f = 0; f < raw.length; f++) {
            raw[f] = display(v[rawSlot[f]]);
        }
        int filled = 0;
        for (FieldValue value : r.fields().values()) {
            if (!value.isEmpty()) {
                filled++;
            }
        }
        Instant modified = r.lastModified() != null ? r.lastModified() : instant(v[updatedAt]);
        Instant created = instant(v[createdAt]);
        return new Row(r, match, raw, modified == null ? UNKNOWN_TIME : modified.toEpochMilli(),
                created == null ? UNKNOWN_TIME : created.toEpochMilli(), filled);
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    /** First or last name split from a full name, for sources that only keep "Dr. John A. Smith". */
    private static String fromFullName(String fullName, boolean first) {
        if (fullName == null || fullName.isBlank()) {
            return null;
        }
        io.middlemile.standardize.PersonNameStandardizer.NameParts parts =
                io.middlemile.standardize.PersonNameStandardizer.split(fullName);
        return first ? parts.first() : parts.last();
    }

    /** Domain of a work e-mail address; null for free-mail providers and unusable addresses. */
    static String workDomain(String email) {
        return workDomainOfKey(email == null ? null : io.middlemile.standardize.EmailStandardizer.matchKey(email));
    }

    // compiled once: String.replaceFirst compiled it again for every record
    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^[a-z]+://");

    /**
     * The name-like label of a domain or website: "https://www.acme-corp.co.uk/" → "acme-corp"; null when there is
     * none. Country second levels (co.uk, com.au: three letters or fewer under a two-letter top level) are skipped.
     */
    static String domainLabel(String domain) {
        if (domain == null) {
            return null;
        }
        String d = SCHEME.matcher(domain.trim().toLowerCase(java.util.Locale.ROOT)).replaceFirst("");
        int slash = d.indexOf('/');
        d = slash >= 0 ? d.substring(0, slash) : d;
        String[] labels = d.split("\\.");
        int n = labels.length;
        if (n < 2) {
            return null;
        }
        int i = n >= 3 && labels[n - 1].length() == 2 && labels[n - 2].length() <= 3 ? n - 3 : n - 2;
        return labels[i].isEmpty() || labels[i].equals("www") ? null : labels[i];
    }

    private static String workDomainOfKey(String key) {
        if (key == null) {
            return null;
        }
        String domain = key.substring(key.lastIndexOf('@') + 1);
        return io.middlemile.standardize.FreeMail.isFreeMail(domain) ? null : domain;
    }

    private static String display(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Collection<?> c) {
            StringBuilder b = new StringBuilder();
            for (Object o : c) {
                if (o != null && !o.toString().isBlank()) {
                    if (b.length() > 0) {
                        b.append('\n');
                    }
                    b.append(o.toString().trim());
                }
            }
            return b.length() == 0 ? null : b.toString();
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    private static Instant instant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof String s && !s.isBlank()) {
            try {
                return IsoInstant.read(s.trim());
            } catch (RuntimeException e) {
                return null; // an unparseable timestamp only weakens survivorship, it must not stop matching
            }
        }
        return null;
    }
}
