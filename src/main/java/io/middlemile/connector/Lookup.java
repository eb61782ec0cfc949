package io.middlemile.connector;

import java.util.Collection;
import java.util.Map;

/**
 * Finds records by the value of a field (an email, a domain), for the first sync of two populated
 * systems: a record that already exists in the target is linked, not created again.
 */
public interface Lookup {

    /** Provider id by value, for the values some record holds; values no record holds are absent. */
    Map<String, String> find(String object, String field, Collection<String> values);

    /**
     * Values this target cannot be searched for at all, each with why, written for whoever fixes the record: for
     * example a value so long that a query for it alone is over the provider's request size limit. A sync rejects
     * their records rather than creating one that may already exist; {@link #find} leaves them out of its answer
     * without failing the other values. Default: none.
     */
    default Map<String, String> unsearchableValues(String object, String field, Collection<String> values) {
        return Map.of();
    }
}
