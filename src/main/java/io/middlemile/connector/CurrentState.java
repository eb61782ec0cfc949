package io.middlemile.connector;

import java.util.Collection;
import java.util.Map;

/**
 * Reads what a target holds now, by the keys records are upserted by. The governed write path uses
 * it for before-images, to skip writes that change nothing, and to detect changes made since a plan
 * or a run (conflicts). Keys the target does not have are absent from the result.
 */
public interface CurrentState {

    Map<String, Map<String, Object>> current(String object, Collection<String> keys);

    /**
     * Keys this target cannot be asked about at all, each with why, written for whoever fixes the record: for
     * example a key so long that a query for it alone is over the provider's request size limit. The governed write
     * path rejects their records rather than writing them blind; {@link #current} leaves them out of its answer
     * without failing the other keys. Default: none.
     */
    default Map<String, String> unreadableKeys(String object, Collection<String> keys) {
        return Map.of();
    }
}
