package io.middlemile.connector;

import io.middlemile.model.Entity;

import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The capability of an enrichment provider (Crustdata, FullEnrich, Apollo): it finds values about people or
 * companies, for credits. The waterfall ({@code io.middlemile.enrich}) decides who is asked what, spends the
 * credits through the governed pipeline ({@code SPEND}) and writes what is found; a connector only speaks its
 * vendor's API.
 *
 * <p>Inputs and values use the canonical field names of {@link Entity#PERSON} and {@link Entity#COMPANY}
 * ({@code firstName}, {@code companyDomain}, {@code linkedinUrl}, {@code email}, {@code mobilePhone},
 * {@code title}, {@code employeeCount}, ...): a vendor's response schema is fixed, so the connector translates
 * it once, and a waterfall can put any provider in any step.
 *
 * <p>Never pay twice: an asynchronous submission returns an {@link EnrichTicket} before anything waits on it;
 * the caller stores the ticket, and after a crash or restart it {@link #poll polls} that ticket and never
 * submits the same lookups again. A connector never resubmits on its own either: a submit that fails after
 * the vendor may have accepted it (a timeout) is thrown as {@link ConnectorException.Kind#FATAL}, not retried.
 *
 * <p>Failures follow the connector SPI ({@code package-info.java}): one lookup the vendor refuses is a
 * {@link EnrichResult.Outcome#REJECTED} result with its reason, the batch goes on; a 429 is
 * {@code RATE_LIMITED} (retried by the connector after the wait the vendor asked for); no credits left (402)
 * is {@code QUOTA_EXHAUSTED} and terminal for this provider; a bad key is {@code AUTH}.
 */
public interface Enricher {

    /** What this provider can look up for one entity: the inputs it accepts and the values it can return. */
    record Offer(Entity entity, Set<String> inputs, Set<String> values, int maxPerCall) {

        public Offer {
            inputs = Set.copyOf(inputs);
            values = Set.copyOf(values);
            if (maxPerCall < 1) {
                throw new IllegalArgumentException("maxPerCall must be at least 1");
            }
        }
    }

    /** The lookups this provider offers, one per entity it enriches. */
    List<Offer> offers();

    /**
     * Whether the provider can look this request up at all: its required inputs are present in one of the
     * combinations the vendor documents (FullEnrich: first and last name plus a company, or a LinkedIn URL).
     * A waterfall never calls a provider for a record this says no to; it costs nothing to ask.
     */
    boolean canLookUp(EnrichRequest request);

    /**
     * What a hit for these values would cost at most, in the provider's credits, by the vendor's price list
     * (Apollo: 1 for an email, +8 for a mobile phone). The waterfall checks budgets and the per-record ceiling
     * with it before a call; the credits actually charged come back in {@link EnrichResult#credits()}.
     */
    double maxCost(Entity entity, Set<String> values);

    /**
     * Sends lookups of one entity, at most the offer's {@code maxPerCall}. Synchronous vendors answer with
     * results; asynchronous ones with a ticket, to be stored before anyone waits on it.
     */
    EnrichAnswer submit(Entity entity, List<EnrichRequest> requests);

    /** Asks for the results of an earlier submission: done, or still pending (the ticket to ask again). */
    EnrichAnswer poll(EnrichTicket ticket);

    /**
     * Reads the results of a ticket from a webhook delivery the provider's {@link WebhookReceiver} accepted
     * ({@link WebhookReceiver.Event#payload()}), without calling the vendor.
     */
    EnrichAnswer delivered(EnrichTicket ticket, byte[] payload);

    /** The credits left on the account, when the vendor has a free balance call; empty otherwise. */
    OptionalDouble creditBalance();
}
