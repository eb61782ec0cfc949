package io.middlemile.connector.crustdata;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.EnrichResult.Found;
import io.middlemile.model.Entity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Crustdata returns and what it costs, in canonical names: which {@code fields} paths to ask for a value, where the
 * value sits in {@code person_data}/{@code company_data}, and the price list.
 *
 * <p>Person (https://docs.crustdata.com/person-docs/enrichment/introduction and .../reference): title at
 * {@code basic_profile.current_title}; seniority at {@code experience.employment_details.current[].seniority_level};
 * work email at {@code contact.business_emails[].email} with its {@code status}; phone at {@code contact.phone_numbers[]}.
 * Price: 1 credit a matched profile, +1 when a business email is returned, +2 when a phone is returned, nothing for no
 * match (the documented +2 personal email and +1 developer data are never asked for).
 *
 * <p>Company (https://docs.crustdata.com/company-docs/enrichment/introduction): industry at
 * {@code basic_info.industries[0]}, employee count at {@code headcount.total}; revenue at
 * {@code revenue.estimated.lower_bound_usd} and country at {@code locations.hq_country} are read from the field groups
 * the docs name ({@code revenue}, {@code locations}), their exact paths unconfirmed. Price: 2 credits a matched record.
 */
final class CrustdataCatalog {

    static final Set<String> PERSON_VALUES = Set.of("email", "mobilePhone", "title", "seniority");
    static final Set<String> COMPANY_VALUES = Set.of("employeeCount", "industry", "annualRevenue", "country");
    static final Set<String> PERSON_INPUTS = Set.of("linkedinUrl", "email");
    static final Set<String> COMPANY_INPUTS = Set.of("domain", "name", "linkedinUrl");

    static final double PERSON_BASE = 1;
    static final double BUSINESS_EMAIL = 1;
    static final double PHONE = 2;
    static final double COMPANY_RECORD = 2;

    private static final Map<String, String> PERSON_FIELD_PATHS = Map.of(
            "title", "basic_profile",
            "seniority", "experience",
            "email", "contact.business_emails",
            "mobilePhone", "contact.phone_numbers");
    private static final Map<String, String> COMPANY_FIELD_PATHS = Map.of(
            "industry", "basic_info",
            "employeeCount", "headcount",
            "annualRevenue", "revenue",
            "country", "locations");

    private CrustdataCatalog() {
    }

    static Set<String> values(Entity entity) {
        return entity == Entity.PERSON ? PERSON_VALUES : COMPANY_VALUES;
    }

    /** The {@code fields} paths for the wanted values, sorted: only what was asked for is bought. */
    static List<String> fields(Entity entity, Set<String> wanted) {
        Map<String, String> paths = entity == Entity.PERSON ? PERSON_FIELD_PATHS : COMPANY_FIELD_PATHS;
        Set<String> fields = new TreeSet<>();
        wanted.stream().map(paths::get).filter(p -> p != null).forEach(fields::add);
        if (entity == Entity.COMPANY) {
            // a company costs 2 credits whatever the groups, and basic_info is Crustdata's default: keep the identity
            fields.add("basic_info");
        }
        return List.copyOf(fields);
    }

    /** What a hit for these values costs at most. */
    static double maxCost(Entity entity, Set<String> values) {
        if (entity == Entity.COMPANY) {
            return COMPANY_RECORD;
        }
        return PERSON_BASE + (values.contains("email") ? BUSINESS_EMAIL : 0) + (values.contains("mobilePhone") ? PHONE : 0);
    }

    /** What Crustdata charged for a matched record, by the price list and what the answer holds. */
    static double charged(Entity entity, JsonNode data) {
        if (entity == Entity.COMPANY) {
            return COMPANY_RECORD;
        }
        JsonNode contact = data.path("contact");
        return PERSON_BASE + (contact.path("business_emails").size() > 0 ? BUSINESS_EMAIL : 0)
                + (contact.path("phone_numbers").size() > 0 ? PHONE : 0);
    }

    /** The values of a matched record, in canonical names (only those present). */
    static Map<String, Found> values(Entity entity, JsonNode data, Double confidence) {
        return entity == Entity.PERSON ? personValues(data, confidence) : companyValues(data, confidence);
    }

    private static Map<String, Found> personValues(JsonNode data, Double confidence) {
        Map<String, Found> values = new LinkedHashMap<>();
        JsonNode email = data.path("contact").path("business_emails").path(0);
        String address = email.isTextual() ? email.asText() : text(email.path("email"));
        if (address != null) {
            values.put("email", new Found(address, confidence, text(email.path("status"))));
        }
        JsonNode phone = data.path("contact").path("phone_numbers").path(0);
        String number = phone.isTextual() ? phone.asText() : firstText(phone, "number", "phone_number", "value");
        if (number != null) {
            values.put("mobilePhone", new Found(number, confidence, null));
        }
        String title = text(data.path("basic_profile").path("current_title"));
        JsonNode current = data.path("experience").path("employment_details").path("current");
        JsonNode role = current.isArray() ? current.path(0) : current;
        if (title == null) {
            title = text(role.path("title"));
        }
        if (title != null) {
            values.put("title", new Found(title, confidence, null));
        }
        String seniority = text(role.path("seniority_level"));
        if (seniority != null) {
            values.put("seniority", new Found(seniority, confidence, null));
        }
        return values;
    }

    private static Map<String, Found> companyValues(JsonNode data, Double confidence) {
        Map<String, Found> values = new LinkedHashMap<>();
        JsonNode headcount = data.path("headcount").path("total");
        if (headcount.isNumber()) {
            values.put("employeeCount", new Found(headcount.asLong(), confidence, null));
        }
        JsonNode industries = data.path("basic_info").path("industries");
        String industry = industries.isArray() ? text(industries.path(0)) : text(industries);
        if (industry != null) {
            values.put("industry", new Found(industry, confidence, null));
        }
        JsonNode revenue = data.path("revenue").path("estimated").path("lower_bound_usd");
        if (revenue.isNumber()) {
            values.put("annualRevenue", new Found(revenue.asLong(), confidence, null));
        }
        String country = text(data.path("locations").path("hq_country"));
        if (country != null) {
            values.put("country", new Found(country, confidence, null));
        }
        return values;
    }

    /** Keeps the values that were asked for (a field group can carry more than one). */
    static Map<String, Found> keep(Map<String, Found> values, Set<String> wanted) {
        Map<String, Found> kept = new LinkedHashMap<>(values);
        kept.keySet().retainAll(wanted);
        return kept;
    }

    static Set<String> offered(Entity entity, Set<String> wanted) {
        Set<String> offered = new LinkedHashSet<>(wanted);
        offered.retainAll(values(entity));
        return offered;
    }

    static List<String> sorted(Set<String> values) {
        List<String> list = new ArrayList<>(values);
        list.sort(null);
        return list;
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            String value = text(node.path(name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node == null || !node.isValueNode() || node.isNull() || node.asText().isBlank() ? null : node.asText();
    }
}
