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
}
