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
}
