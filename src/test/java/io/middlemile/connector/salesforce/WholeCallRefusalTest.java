package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorException;
import io.middlemile.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reasons for the records of a call refused whole with JSON_PARSER_ERROR, from answers shaped as a real org gives them. */
class WholeCallRefusalTest {

    // As an org answers (https://github.com/restforce/restforce/issues/619): the value is quoted, its record and field are not.
    private static final String ANSWER = "[{\"message\":\"Cannot deserialize instance of double from VALUE_STRING value N010000000 or "
            + "request may be missing a required field at [line:1, column:507]\",\"errorCode\":\"JSON_PARSER_ERROR\"}]";

    @Test
    void theRecordHoldingTheQuotedValueIsToldToFixItAndTheOthersThatTheyWereNotAtFault() {
        List<WholeCallRefusal.Sent> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("Name", "Account " + i);
            fields.put("Score__c", i == 57 ? "N010000000" : i);
            sent.add(new WholeCallRefusal.Sent(new SourceRef("hubspot", "companies", "c" + i), fields));
        }
        WholeCallRefusal refusal = WholeCallRefusal.of("Account", sent, failure().getMessage());

        String culprit = refusal.reason(57);
        assertThat(culprit).startsWith("JSON_PARSER_ERROR: Salesforce could not read 'N010000000' in Account Score__c as a double")
                .contains("200 Account records: hubspot/companies/c0, ").contains("and 190 more")
                .contains("Fix the mapping for Score__c").contains("column:507]").doesNotContain("retrying will not help");
        String other = refusal.reason(3);
        assertThat(other).contains("not at fault").contains("'N010000000' in Score__c of hubspot/companies/c57 as a double")
                .contains("writes this one too").doesNotContain("retrying will not help");
    }

    @Test
    void whenNoRecordHoldsTheQuotedValueEveryRecordIsToldWhatHappenedAndWhatToLookFor() {
        List<WholeCallRefusal.Sent> sent = List.of(new WholeCallRefusal.Sent(new SourceRef("csv", "leads", "1"), Map.of("LastName", "A")),
                new WholeCallRefusal.Sent(new SourceRef("csv", "leads", "2"), Map.of("LastName", "B")));
        String reason = WholeCallRefusal.of("Lead", sent, failure().getMessage()).reason(1);

        assertThat(reason).contains("2 Lead records: csv/leads/1, csv/leads/2").contains("does not say which record")
                .contains("nothing of that call was written").contains("Cannot deserialize instance of double");
    }

    @Test
    void theRecordsAtFaultAreKnownWhenOneRecordHoldsTheValueOrAllHoldItInOneField() {
        SourceRef a = new SourceRef("csv", "accounts", "a");
        SourceRef b = new SourceRef("csv", "accounts", "b");
        SourceRef c = new SourceRef("csv", "accounts", "c");
        String failure = failure().getMessage();

        assertThat(WholeCallRefusal.of("Account", List.of(new WholeCallRefusal.Sent(a, Map.of("Name", "A")),
                new WholeCallRefusal.Sent(b, Map.of("Score__c", "N010000000", "Description", "N010000000")),
                new WholeCallRefusal.Sent(c, Map.of("Name", "C"))), failure).atFault()).as("one record holds it").containsExactly(1);
        assertThat(WholeCallRefusal.of("Account", List.of(new WholeCallRefusal.Sent(a, Map.of("Score__c", "N010000000")),
                new WholeCallRefusal.Sent(b, Map.of("Name", "B")),
                new WholeCallRefusal.Sent(c, Map.of("score__c", "N010000000"))), failure).atFault()).as("all in one field").containsExactly(0, 2);
        assertThat(WholeCallRefusal.of("Account", List.of(new WholeCallRefusal.Sent(a, Map.of("Score__c", "N010000000")),
                new WholeCallRefusal.Sent(b, Map.of("Description", "N010000000"))), failure).atFault()).as("in different fields").isEmpty();
        assertThat(WholeCallRefusal.of("Account", List.of(new WholeCallRefusal.Sent(a, Map.of("Name", "A"))), failure).atFault())
                .as("held by none").isEmpty();
    }

    @Test
    void onlyJsonParserErrorsAreWholeCallRefusalsOfAValue() {
        assertThat(WholeCallRefusal.unreadableValue(failure())).isTrue();
        ConnectorException other = new SalesforceErrorClassifier("sf").classify("create 2 Lead", 400, null,
                "[{\"message\":\"No such column 'Foo__c' on sobject of type Lead\",\"errorCode\":\"INVALID_FIELD\"}]");
        assertThat(WholeCallRefusal.unreadableValue(other)).isFalse();
    }

    private static ConnectorException failure() {
        return new SalesforceErrorClassifier("sf").classify("create 200 Account", 400, null, ANSWER);
    }
}
