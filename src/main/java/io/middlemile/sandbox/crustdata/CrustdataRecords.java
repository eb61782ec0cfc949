package io.middlemile.sandbox.crustdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.sandbox.enrichment.WorldCompany;
import io.middlemile.sandbox.enrichment.WorldPerson;

import java.util.List;
import java.util.Set;

/**
 * The emulated world as Crustdata's {@code person_data} and {@code company_data}, holding only the sections the request's
 * {@code fields} name (https://docs.crustdata.com/person-docs/enrichment/reference: field paths or section groups), and
 * what each record costs by Crustdata's price list.
 */
final class CrustdataRecords {

    static final String VENDOR = "crustdata";
    static final Set<String> PERSON_FIELDS = Set.of("basic_profile", "experience", "contact", "contact.business_emails",
            "contact.phone_numbers", "contact.personal_emails", "social_handles");
    static final Set<String> COMPANY_FIELDS = Set.of("basic_info", "headcount", "revenue", "locations");
    /** Without fields the whole profile comes back (and every contact value found is charged). */
    static final List<String> ALL_PERSON_FIELDS = List.of("basic_profile", "experience", "contact", "social_handles");
    static final List<String> DEFAULT_COMPANY_FIELDS = List.of("basic_info");

    private static final ObjectMapper JSON = new ObjectMapper();

    private CrustdataRecords() {
    }

    static ObjectNode person(WorldPerson person, List<String> fields) {
        Set<String> known = person.knownTo(VENDOR);
        ObjectNode data = JSON.createObjectNode();
        if (fields.contains("basic_profile")) {
            ObjectNode basic = data.putObject("basic_profile");
            basic.put("name", person.firstName() + " " + person.lastName());
            basic.put("first_name", person.firstName());
            basic.put("last_name", person.lastName());
            if (known.contains("title") && person.title() != null) {
                basic.put("current_title", person.title());
            }
        }
        if (fields.contains("experience")) {
            ObjectNode current = data.putObject("experience").putObject("employment_details").putArray("current").addObject();
            current.put("company_name", person.companyName());
            if (known.contains("title") && person.title() != null) {
                current.put("title", person.title());
            }
            if (known.contains("seniority") && person.seniority() != null) {
                current.put("seniority_level", person.seniority());
            }
        }
        boolean emails = fields.contains("contact") || fields.contains("contact.business_emails");
        boolean phones = fields.contains("contact") || fields.contains("contact.phone_numbers");
        if (emails || phones || fields.contains("contact.personal_emails")) {
            ObjectNode contact = data.putObject("contact");
            if (emails) {
                var list = contact.putArray("business_emails");
                if (known.contains("workEmail") && person.workEmail() != null) {
                    ObjectNode email = list.addObject();
                    email.put("email", person.workEmail());
                    email.put("status", person.emailStatus() == null ? "unknown" : person.emailStatus().toLowerCase());
                }
            }
            if (phones) {
                var list = contact.putArray("phone_numbers");
                if (known.contains("mobilePhone") && person.mobilePhone() != null) {
                    list.addObject().put("number", person.mobilePhone());
                }
            }
            if (fields.contains("contact") || fields.contains("contact.personal_emails")) {
                contact.putArray("personal_emails");
            }
        }
        if (fields.contains("social_handles")) {
            data.putObject("social_handles").putObject("professional_network_identifier").put("profile_url", person.linkedinUrl());
        }
        return data;
    }

    /** Base 1 credit, +1 when a business email is returned, +2 when a phone is (nothing for what is not found). */
    static double personCost(ObjectNode data) {
        var contact = data.path("contact");
        return 1 + (contact.path("business_emails").size() > 0 ? 1 : 0) + (contact.path("phone_numbers").size() > 0 ? 2 : 0);
    }

    static ObjectNode company(WorldCompany company, List<String> fields) {
        ObjectNode data = JSON.createObjectNode();
        if (fields.contains("basic_info")) {
            ObjectNode basic = data.putObject("basic_info");
            basic.put("name", company.name());
            basic.put("primary_domain", company.domain());
            basic.put("professional_network_url", company.linkedinUrl());
            var industries = basic.putArray("industries");
            if (company.industry() != null) {
                industries.add(company.industry());
            }
        }
        if (fields.contains("headcount") && company.employeeCount() != null) {
            data.putObject("headcount").put("total", company.employeeCount());
        }
        if (fields.contains("revenue") && company.annualRevenue() != null) {
            ObjectNode estimated = data.putObject("revenue").putObject("estimated");
            estimated.put("lower_bound_usd", company.annualRevenue());
            estimated.put("upper_bound_usd", company.annualRevenue());
        }
        if (fields.contains("locations") && company.country() != null) {
            data.putObject("locations").put("hq_country", company.country());
        }
        return data;
    }

    static final double COMPANY_COST = 2;
}
