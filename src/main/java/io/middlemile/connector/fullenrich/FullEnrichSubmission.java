package io.middlemile.connector.fullenrich;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /contact/enrich/bulk}: a name for the dashboard, where to post the result, and at most
 * {@link FullEnrichClient#MAX_CONTACTS} contacts.
 */
public record FullEnrichSubmission(String name, String webhookUrl, List<Contact> contacts) {

    public FullEnrichSubmission {
        contacts = List.copyOf(contacts);
    }

    /**
     * One contact: first and last name with a domain or a company name, or a LinkedIn URL (null where unknown);
     * {@code enrichFields} what to pay for ({@code contact.work_emails}, {@code contact.phones}); {@code custom}
     * string values returned with the result.
     */
    public record Contact(String firstName, String lastName, String domain, String companyName, String linkedinUrl,
                          List<String> enrichFields, Map<String, String> custom) {

        public Contact {
            enrichFields = List.copyOf(enrichFields);
            custom = Map.copyOf(custom);
        }
    }
}
