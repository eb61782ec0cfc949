package io.middlemile.enrich;

import io.middlemile.store.EnrichCacheStore;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.store.EnrichTicketStore;

/** The store tables a waterfall reads and writes: the result cache, the asynchronous submissions, the credits spent. */
public record EnrichStores(EnrichCacheStore cache, EnrichTicketStore tickets, EnrichSpendStore spend) {
}
