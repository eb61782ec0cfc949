package io.middlemile.dedupe;

import io.middlemile.govern.GovernedActions.MergeRequest;
import io.middlemile.model.SourceRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a merge plan into the merges a CRM can execute. A CRM merges only its own records: a cluster
 * spanning two connections (a HubSpot contact and a Salesforce lead) is a link for the crosswalk,
 * not a merge, and is listed separately.
 *
 * @param merges  merges within one connection: the auto-merge band, and the review band (parked for a person)
 * @param links   pairs across connections, as "a ~ b" lines
 */
public record MergeRequests(List<MergeRequest> merges, List<String> links) {

    public static MergeRequests from(MergePlan plan) {
        List<MergeRequest> merges = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (ClusterPlan cluster : plan.merges()) {
            SourceRef master = cluster.master();
            for (PairDecision pair : cluster.duplicates()) {
                SourceRef duplicate = pair.left().equals(master) ? pair.right() : pair.left();
                add(merges, links, master, duplicate, pair.probability(), false);
            }
        }
        for (PairDecision pair : plan.reviews()) {
            add(merges, links, pair.left(), pair.right(), pair.probability(), true);
        }
        return new MergeRequests(List.copyOf(merges), List.copyOf(links));
    }

    private static void add(List<MergeRequest> merges, List<String> links, SourceRef primary, SourceRef duplicate, double probability,
                            boolean review) {
        if (primary.connection().equals(duplicate.connection()) && primary.object().equals(duplicate.object())) {
            merges.add(new MergeRequest(primary.connection(), primary.object(), primary.sourceId(), duplicate.sourceId(), probability,
                    review));
        } else {
            links.add(primary + " ~ " + duplicate);
        }
    }
}
