package io.middlemile.enrich;

import io.middlemile.store.EnrichCacheStore;
import io.middlemile.store.EnrichHeldStore;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.store.EnrichTicketStore;
import io.middlemile.store.RetryQueue;

/**
 * The store tables a waterfall reads and writes: the result cache, the asynchronous submissions, the credits spent,
 * the jobs' retry queues, where records a late answer completes are queued to be read again (null: not queued), and the
 * lookups held back for review with their records, which the job's next run makes once approved (null: not kept; the
 * approved lookup is made when its record is read again).
 */
public record EnrichStores(EnrichCacheStore cache, EnrichTicketStore tickets, EnrichSpendStore spend, RetryQueue readAgain,
                           EnrichHeldStore held) {

    public EnrichStores(EnrichCacheStore cache, EnrichTicketStore tickets, EnrichSpendStore spend, RetryQueue readAgain) {
        this(cache, tickets, spend, readAgain, null);
    }

    public EnrichStores(EnrichCacheStore cache, EnrichTicketStore tickets, EnrichSpendStore spend) {
        this(cache, tickets, spend, null, null);
    }
}
