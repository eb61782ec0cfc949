package io.middlemile.workspace;

import java.util.List;
import java.util.function.Function;

/**
 * A section of a connector file that only some providers understand. The YAML shape stays one record
 * ({@link ConnectorConfig}) so every section binds with line-numbered errors whatever the type; which
 * types accept a section is declared by each provider ({@link ProviderRules#sections()}), and a section
 * on a type that does not accept it is an error worded here, because the wording is about the section.
 */
public enum ConnectorSection {

    /** {@code csv:} (file, delimiter, ...). Not refused on other types: it has never been, and they ignore it. */
    CSV("/csv", null),

    /** {@code limits:} the API budget of a HubSpot account. */
    LIMITS("/limits", refusal -> "applies to " + refusal.owners() + " connections only (their tier and search rate); remove it"
            + " from this " + refusal.type() + " connection"),

    /** {@code bulk:} from which sizes Salesforce reads and writes go through Bulk API 2.0. */
    BULK("/bulk", refusal -> "only " + refusal.owners() + " connections read and write through Bulk API 2.0; remove the bulk:"
            + " section from this " + refusal.type() + " connection"),

    /** {@code enrichment:} an enrichment provider's request budget and result delivery. */
    ENRICHMENT("/enrichment", refusal -> "applies to enrichment providers (" + refusal.owners() + ") only; remove it from this "
            + refusal.type() + " connection"),

    /** {@code webhooks:} the secret header that authenticates deliveries of a provider that does not sign them. */
    WEBHOOKS("/webhooks", refusal -> "applies to " + refusal.owners() + " connections only (their webhook deliveries carry a"
            + " secret header); remove it from this " + refusal.type() + " connection"),

    /** {@code associations:} under an object: the other objects whose links are read with it. Pointer is per object. */
    ASSOCIATIONS("/objects/{object}/associations", refusal -> "only " + refusal.owners() + " connections read associations;"
            + " remove it (this connection is of type " + refusal.type() + ")");

    /** Who asked: the types that accept the section, and the type of the connection that has it. */
    public record Refusal(List<String> acceptedBy, String type) {
        String owners() {
            return String.join(" or ", acceptedBy);
        }
    }

    private final String pointer;
    private final Function<Refusal, String> refusal;

    ConnectorSection(String pointer, Function<Refusal, String> refusal) {
        this.pointer = pointer;
        this.refusal = refusal;
    }

    /** Where the section sits in a connector file (JSON pointer; {@code {object}} for per-object sections). */
    public String pointer() {
        return pointer;
    }

    /** Whether a connection of another type that has this section is told to remove it. */
    public boolean refusedElsewhere() {
        return refusal != null;
    }

    /** The error for a connection of {@code type} that has this section, which only {@code acceptedBy} types accept. */
    public String refusal(List<String> acceptedBy, String type) {
        if (refusal == null) {
            throw new IllegalStateException(name() + " is not refused on other connection types");
        }
        return refusal.apply(new Refusal(acceptedBy, type));
    }
}
