package io.middlemile.enrich;

import io.middlemile.model.Entity;

import java.util.Locale;
import java.util.Map;

/**
 * The identity a lookup is cached under: the strongest standardized identifier the record has, so the same
 * person reached from two jobs, two exports or two spellings of a URL costs one lookup. People: LinkedIn profile,
 * else work email, else first and last name at the company domain. Companies: domain, else LinkedIn page, else name.
 */
public final class LookupKey {

    private LookupKey() {
    }

    /** The key, or null when the record has no identifier a provider could look up. */
    public static String of(Entity entity, Map<String, String> inputs) {
        if (entity == Entity.COMPANY) {
            String domain = clean(inputs.get("domain"));
            if (domain != null) {
                return "domain:" + domain;
            }
            String page = linkedin(inputs.get("linkedinUrl"));
            if (page != null) {
                return "li:" + page;
            }
            String name = clean(inputs.get("name"));
            return name == null ? null : "name:" + name;
        }
        String profile = linkedin(inputs.get("linkedinUrl"));
        if (profile != null) {
            return "li:" + profile;
        }
        String email = clean(inputs.get("email"));
        if (email != null) {
            return "email:" + email;
        }
        String first = clean(inputs.get("firstName"));
        String last = clean(inputs.get("lastName"));
        String company = clean(inputs.get("companyDomain"));
        if (company == null) {
            company = clean(inputs.get("companyName"));
        }
        return first == null || last == null || company == null ? null : "name:" + first + "|" + last + "|" + company;
    }

    private static String clean(String value) {
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    /** linkedin.com/in/jane-doe whatever the scheme, www., query and trailing slash. */
    static String linkedin(String url) {
        String value = clean(url);
        if (value == null) {
            return null;
        }
        value = value.replaceFirst("^https?://", "").replaceFirst("^[a-z]{2,3}\\.linkedin\\.com", "linkedin.com");
        int query = value.indexOf('?');
        if (query >= 0) {
            value = value.substring(0, query);
        }
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value.isEmpty() ? null : value;
    }
}
