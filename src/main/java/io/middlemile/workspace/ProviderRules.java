package io.middlemile.workspace;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * What the workspace validator needs to know about one connector type. Each provider in
 * {@code io.middlemile.connector} declares these facts once, next to its connector factory; the
 * workspace cannot depend on the connector package, so it sees them through this interface and
 * {@link ProviderCatalog} (the same arrangement as {@link TransformCatalog}).
 */
public interface ProviderRules {

    /** The {@code type:} value of connector files, e.g. {@code hubspot}. */
    String type();

    /**
     * False for a type that connector files may already declare but whose client is not part of this
     * version: the file validates, and a route using it is refused with a message saying so.
     */
    boolean runnable();

    /** The provider-owned sections this type accepts; the others are refused where {@link ConnectorSection#refusedElsewhere()}. */
    Set<ConnectorSection> sections();

    /** An API connection needs credentials: an {@code auth:} section. */
    boolean needsAuth();

    /** An API connection needs {@code baseUrl:} (the API, or the sandbox URL for rehearsals). */
    boolean needsBaseUrl();

    /**
     * Why routes cannot use this type's connections yet although its client ships (Instantly: leads go in through the
     * governed enrol step of a later version), or empty when they can. A route naming one is refused with this.
     */
    default java.util.Optional<String> notInRoutes() {
        return java.util.Optional.empty();
    }

    /**
     * A CRM whose users can own records: owner assignment may take its owners from such a connection
     * ({@code owners: {from: CONNECTION}} in {@code assign/}); its connector then implements {@code UserDirectory}.
     */
    default boolean hasUsers() {
        return false;
    }

    /**
     * The secret fields of {@code auth} that only this type's webhook ingress reads, never a job run (HubSpot's app client
     * secret beside a private app token verifies deliveries and nothing else). A run does not refuse to start without them:
     * the ingress answers 503 and logs what to set instead, so HubSpot keeps delivering until they are set.
     */
    default Set<String> webhookOnlySecrets(AuthConfig auth) {
        return Set.of();
    }

    /**
     * Checks only this provider understands, reported through {@code errors}. Runs after the file bound;
     * {@code file} is the parsed YAML, to tell a missing section from one that failed to bind (which has
     * its own error already).
     */
    default void validate(ConnectorConfig connector, JsonNode file, FileErrors errors) {
    }

    /** Reports an error at a JSON pointer of the connector file being checked. */
    @FunctionalInterface
    interface FileErrors {
        void error(String pointer, String message);
    }
}
