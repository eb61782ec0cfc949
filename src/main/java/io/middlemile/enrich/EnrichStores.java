package io.middlemile.enrich;

import io.middlemile.store.EnrichCacheStore;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.store.EnrichTicketStore;
import io.middlemile.store.RetryQueue;

/**
 * The store tables a waterfall reads and writes: the result cache, the asynchronous submissions, the credits spent,
 * and the jobs' retry queues, where records a late answer completes are queued to be read again (null: not queued).
 */
public record EnrichStores(EnrichCacheStore cache, EnrichTicketStore tickets, EnrichSpendStore spend, RetryQueue readAgain) {

    public EnrichStores(EnrichCacheStore cache, EnrichTicketStore tickets, EnrichSpendStore spend) {
        this(cache, tickets, spend, null);
    }
}
