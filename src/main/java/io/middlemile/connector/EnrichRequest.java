package io.middlemile.connector;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One lookup: a record's known values and the values wanted, in canonical field names.
 *
 * @param key    the caller's id for the record, unique within a submission; results carry it back
 * @param inputs what is known (blank values are left out), e.g. firstName, lastName, companyDomain, linkedinUrl
 * @param wanted what to find, e.g. email, mobilePhone; a connector asks the vendor for these only, so credits
 *               are not spent on values nobody asked for
 */
public record EnrichRequest(String key, Map<String, String> inputs, Set<String> wanted) {

    public EnrichRequest {
        Objects.requireNonNull(key, "key");
        inputs = Map.copyOf(inputs);
        wanted = Set.copyOf(wanted);
    }

    /** The input's value, or null when it is not known. */
    public String input(String field) {
        return inputs.get(field);
    }

    public boolean has(String field) {
        String value = inputs.get(field);
        return value != null && !value.isBlank();
    }
}
