package io.middlemile.connector.crustdata;

import io.middlemile.connector.EnrichRequest;
import io.middlemile.model.Entity;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which identifier a lookup is sent with, checked before any call: Crustdata fails a whole call of 25 with a 400 for
 * one malformed URL (crustdata/skills, crustdata-traps.md), so a malformed identifier is refused here, per record.
 * A person goes by profile URL when it has a well-formed one, else by business email; a company by domain, else
 * profile URL, else name.
 */
final class CrustdataIdentifiers {

    private static final Pattern PERSON_URL = Pattern.compile("^(https?://)?([a-z]{2,3}\\.)?linkedin\\.com/in/[^/?#\\s]+/?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPANY_URL = Pattern.compile(
            "^(https?://)?([a-z]{2,3}\\.)?linkedin\\.com/company/[^/?#\\s]+/?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern DOMAIN = Pattern.compile("^([a-z0-9-]+\\.)+[a-z]{2,}$", Pattern.CASE_INSENSITIVE);

    /** An identifier to send, or why the lookup cannot be sent. */
    record Choice(CrustdataIdentifier kind, String value, String refusal) {
    }

    private CrustdataIdentifiers() {
    }

    static boolean canLookUp(Entity entity, EnrichRequest request) {
        return entity == Entity.PERSON ? request.has("linkedinUrl") || request.has("email")
                : request.has("domain") || request.has("linkedinUrl") || request.has("name");
    }

    static Choice choose(Entity entity, EnrichRequest request) {
        return entity == Entity.PERSON ? person(request) : company(request);
    }

    private static Choice person(EnrichRequest request) {
        String url = trimmed(request.input("linkedinUrl"));
        String email = trimmed(request.input("email"));
        if (url != null && PERSON_URL.matcher(url).matches()) {
            return new Choice(CrustdataIdentifier.PERSON_PROFILE_URLS, url, null);
        }
        if (email != null && EMAIL.matcher(email).matches()) {
            return new Choice(CrustdataIdentifier.BUSINESS_EMAILS, email.toLowerCase(Locale.ROOT), null);
        }
        if (url != null) {
            return refused("linkedinUrl '" + url + "' is not a LinkedIn profile URL (https://www.linkedin.com/in/<name>); Crustdata"
                    + " would refuse the whole call for it. Fix the URL, or give a business email");
        }
        if (email != null) {
            return refused("email '" + email + "' is not a well-formed email address; fix it or give a LinkedIn profile URL");
        }
        return refused("Crustdata finds a person by LinkedIn profile URL or business email; the record has neither");
    }

    private static Choice company(EnrichRequest request) {
        String domain = trimmed(request.input("domain"));
        String url = trimmed(request.input("linkedinUrl"));
        String name = trimmed(request.input("name"));
        if (domain != null) {
            String bare = domain.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceFirst("^www\\.", "")
                    .replaceFirst("/.*$", "");
            if (DOMAIN.matcher(bare).matches()) {
                return new Choice(CrustdataIdentifier.COMPANY_DOMAINS, bare, null);
            }
        }
        if (url != null && COMPANY_URL.matcher(url).matches()) {
            return new Choice(CrustdataIdentifier.COMPANY_PROFILE_URLS, url, null);
        }
        if (name != null) {
            return new Choice(CrustdataIdentifier.COMPANY_NAMES, name, null);
        }
        if (domain != null || url != null) {
            return refused("neither domain '" + domain + "' nor linkedinUrl '" + url + "' is well-formed (acme.com,"
                    + " https://www.linkedin.com/company/<name>); fix one or give the company name");
        }
        return refused("Crustdata finds a company by domain, LinkedIn company URL or name; the record has none");
    }

    /** The form Crustdata's matched_on and a batch line's original_identifier are compared in. */
    static String key(String identifier) {
        String value = identifier == null ? "" : identifier.strip().toLowerCase(Locale.ROOT);
        value = value.replaceFirst("^https?://", "").replaceFirst("^www\\.", "");
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    static Optional<String> kindName(Entity entity, EnrichRequest request) {
        Choice choice = choose(entity, request);
        return choice.kind() == null ? Optional.empty() : Optional.of(choice.kind().name());
    }

    private static Choice refused(String why) {
        return new Choice(null, null, why);
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
