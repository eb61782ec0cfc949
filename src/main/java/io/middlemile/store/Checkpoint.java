package io.middlemile.store;

import java.util.Map;

/**
 * Where an unfinished run resumes: the source cursor after the last committed page and the state
 * of every checkpointed sink ("connection/object" to its state) at that same moment.
 */
public record Checkpoint(String cursor, Map<String, String> sinkStates) {
}
