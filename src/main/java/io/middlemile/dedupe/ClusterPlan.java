package io.middlemile.dedupe;

import io.middlemile.model.SourceRef;

import java.util.List;

/**
 * What merging one cluster means: which record survives, which ones merge into it (each with its scored,
 * explained pair against the master) and the surviving value of every field with its provenance.
 *
 * @param clusterId  id of the cluster in this run (as in the export)
 * @param master     the surviving record
 * @param duplicates one decision per duplicate: left = master, right = duplicate
 * @param fields     surviving field values
 */
public record ClusterPlan(String clusterId, SourceRef master, List<PairDecision> duplicates, List<FieldChoice> fields) {

    public ClusterPlan {
        duplicates = List.copyOf(duplicates);
        fields = List.copyOf(fields);
    }

    public int size() {
        return duplicates.size() + 1;
    }
}
