package io.middlemile.outreach;

import io.middlemile.connector.Outreach;
import io.middlemile.workspace.OutreachConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A record becomes an Instantly lead through the file's fields and variables; missing values are left out. */
class EmailEnrolmentTest {

    @Test
    void fillsLeadFieldsAndCustomVariablesFromCanonicalFields() {
        EmailEnrolment enrolment = new EmailEnrolment(new OutreachConfig.Email("instantly", "c-1", null, null, false, "bl-9",
                Map.of("first_name", "firstName", "company_name", "companyName", "job_title", "title"),
                Map.of("owner", "ownerEmail", "deals", "openDeals", "tags", "secondaryEmails")));
        Map<String, Object> record = new HashMap<>();
        record.put("firstName", " Jane ");
        record.put("companyName", "Acme");
        record.put("title", "  ");
        record.put("ownerEmail", "ana@middlemile.example");
        record.put("openDeals", 0);
        record.put("secondaryEmails", List.of("j@acme.com", "jane@home.example"));

        Outreach.Send send = enrolment.send("hubspot:contacts:42", "jane@acme.com", record);

        assertThat(send.kind()).isEqualTo(Outreach.Kind.ENROL);
        assertThat(send.destination()).isEqualTo("campaign:c-1");
        assertThat(send.recipient()).isEqualTo("jane@acme.com");
        assertThat(send.account()).isNull();
        assertThat(send.fields()).containsOnlyKeys("first_name", "company_name", EmailEnrolment.CUSTOM_VARIABLES)
                .containsEntry("first_name", "Jane").containsEntry("company_name", "Acme")
                .containsEntry(EmailEnrolment.CUSTOM_VARIABLES, Map.of("owner", "ana@middlemile.example", "deals", 0,
                        "tags", "j@acme.com, jane@home.example"));
        assertThat(enrolment.options()).isEqualTo(Map.of("skip_if_in_workspace", true, "skip_if_in_campaign", false,
                "blocklist_id", "bl-9"));
    }

    @Test
    void aListWithoutVariablesSendsNoCustomVariables() {
        EmailEnrolment enrolment = new EmailEnrolment(new OutreachConfig.Email("instantly", null, "l-1", null, null, null, null, null));

        Outreach.Send send = enrolment.send("k", "jane@acme.com", Map.of("firstName", "Jane"));

        assertThat(send.destination()).isEqualTo("list:l-1");
        assertThat(send.fields()).isEmpty();
        assertThat(enrolment.options()).isEqualTo(Map.of("skip_if_in_workspace", true, "skip_if_in_campaign", true));
    }
}
