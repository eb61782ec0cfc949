package io.middlemile.connector.hubspot;

import java.util.List;

/**
 * One page of a list or search answer.
 *
 * @param results   the records of the page, in the order HubSpot returned them
 * @param total     the search's total match count; -1 for list answers, which have none
 * @param nextAfter the {@code paging.next.after} token, or null on the last page
 */
public record HubSpotPage(List<HubSpotObject> results, int total, String nextAfter) {
    public boolean hasMore() {
        return nextAfter != null;
    }
}
