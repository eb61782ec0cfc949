package io.middlemile.enrich;

import io.middlemile.connector.EnrichAnswer;
import io.middlemile.connector.EnrichRequest;
import io.middlemile.connector.EnrichTicket;
import io.middlemile.connector.Enricher;
import io.middlemile.model.Entity;

import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One call at a time to a provider: its worker and the threads awaiting its asynchronous answers share it, and
 * connectors are used by one run at a time and need not be thread-safe. What a provider offers, can look up and
 * may cost reads only its configuration, so those are not serialized: any worker may ask them at any time.
 */
final class SerialEnricher implements Enricher {

    private final Enricher provider;

    SerialEnricher(Enricher provider) {
        this.provider = provider;
    }

    @Override
    public List<Offer> offers() {
        return provider.offers();
    }

    @Override
    public boolean canLookUp(EnrichRequest request) {
        return provider.canLookUp(request);
    }

    @Override
    public double maxCost(Entity entity, Set<String> values) {
        return provider.maxCost(entity, values);
    }

    @Override
    public synchronized EnrichAnswer submit(Entity entity, List<EnrichRequest> requests) {
        return provider.submit(entity, requests);
    }

    @Override
    public synchronized EnrichAnswer poll(EnrichTicket ticket) {
        return provider.poll(ticket);
    }

    @Override
    public synchronized EnrichAnswer delivered(EnrichTicket ticket, byte[] payload) {
        return provider.delivered(ticket, payload);
    }

    @Override
    public synchronized OptionalDouble creditBalance() {
        return provider.creditBalance();
    }
}
