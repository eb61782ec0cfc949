package io.middlemile.connector;

import io.middlemile.connector.apollo.ApolloProvider;
import io.middlemile.connector.crustdata.CrustdataProvider;
import io.middlemile.connector.csv.CsvProvider;
import io.middlemile.connector.fullenrich.FullEnrichProvider;
import io.middlemile.connector.hubspot.HubSpotProvider;
import io.middlemile.connector.instantly.InstantlyProvider;
import io.middlemile.connector.salesforce.SalesforceProvider;
import io.middlemile.connector.unipile.UnipileProvider;
import io.middlemile.workspace.ProviderCatalog;

import java.util.List;
import java.util.Optional;

/**
 * The one place connector types are registered. The validator ({@code WorkspaceLoader}), the
 * {@link ConnectorFactory}, the sandbox command and the webhook ingress all read this list, so a new
 * provider is one new package plus one line here (see {@code package-info.java}).
 */
public final class Providers implements ProviderCatalog {

    public static final Providers CATALOG = new Providers(List.of(
            new CsvProvider(),
            new HubSpotProvider(),
            new SalesforceProvider(),
            new CrustdataProvider(),
            new FullEnrichProvider(),
            new ApolloProvider(),
            new InstantlyProvider(),
            new UnipileProvider()));

    private final List<Provider> providers;

    Providers(List<Provider> providers) {
        long distinct = providers.stream().map(Provider::type).distinct().count();
        if (distinct != providers.size()) {
            throw new IllegalArgumentException("two providers register the same type: " + providers.stream().map(Provider::type).toList());
        }
        this.providers = List.copyOf(providers);
    }

    @Override
    public List<Provider> providers() {
        return providers;
    }

    /** The provider of a connector type, shipped or announced; empty for a type nobody registered. */
    public Optional<Provider> provider(String type) {
        return providers.stream().filter(p -> p.type().equals(type)).findFirst();
    }

    /** What opening a connection of a type without a client says, the same wording validation uses. */
    static String notShipped(String connection, String type) {
        return "Connection " + connection + " is of type " + type + ", whose client is not part of this version yet";
    }
}
