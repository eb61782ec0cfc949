package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Values checked against describe's field types before a Collections call, as an org's describe names the types. */
class SalesforceFieldCatalogTest {

    // Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/dome-sobject-describe (fields[].type)
    private static final String DESCRIBE = """
            {"name": "Account", "fields": [
              {"name": "Name", "type": "string", "createable": true, "updateable": true},
              {"name": "NumberOfEmployees", "type": "int", "createable": true, "updateable": true},
              {"name": "AnnualRevenue", "type": "currency", "createable": true, "updateable": true},
              {"name": "Win_Rate__c", "type": "percent", "createable": true, "updateable": true},
              {"name": "Seats__c", "type": "double", "createable": true, "updateable": true},
              {"name": "Big__c", "type": "long", "createable": true, "updateable": true},
              {"name": "Is_Partner__c", "type": "boolean", "createable": true, "updateable": true},
              {"name": "Founded__c", "type": "date", "createable": true, "updateable": true}
            ]}""";

    private final SalesforceFieldCatalog catalog;

    SalesforceFieldCatalogTest() throws Exception {
        catalog = new SalesforceFieldCatalog("Account", new ObjectMapper().readTree(DESCRIBE));
    }

    @Test
    void numbersNumericTextTrueFalseAndBlanksPass() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Name", "Acme");
        values.put("NumberOfEmployees", 12);
        values.put("AnnualRevenue", "2500000.50");
        values.put("Win_Rate__c", new BigDecimal("0.35"));
        values.put("Seats__c", " 40 ");
        values.put("Big__c", "");
        values.put("Is_Partner__c", "FALSE");
        values.put("Founded__c", "in 1999");
        values.put("Unknown__c", "ten");
        assertThat(catalog.valueProblem(values)).isNull();
        values.put("NumberOfEmployees", null);
        values.put("Is_Partner__c", true);
        assertThat(catalog.valueProblem(values)).isNull();
    }

    @Test
    void aWordInANumberOrCheckboxFieldIsNamedWithItsFieldTypeAndWhatToDo() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Name", "Acme");
        values.put("annualrevenue", "$2.5M");
        values.put("Win_Rate__c", true);
        values.put("Is_Partner__c", 1);
        String problem = catalog.valueProblem(values);

        assertThat(problem).startsWith("INVALID_TYPE_ON_FIELD_IN_RECORD: Account field AnnualRevenue (currency) got '$2.5M', which is not a number; "
                + "field Win_Rate__c (percent) got 'true', which is not a number; field Is_Partner__c (boolean) got '1', which is not true or false")
                .contains("This record was not sent").contains("Fix the mapping").contains("source value");
    }

    @Test
    void aListOrAnObjectInAnyFieldIsRefusedBeforeTheCall() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Name", java.util.List.of("Acme", "Acme Corp"));
        assertThat(catalog.valueProblem(values)).startsWith("INVALID_TYPE_ON_FIELD_IN_RECORD: Account field Name (string) got "
                + "'[Acme, Acme Corp]', which is a list or an object").contains("joined with ';'").contains("This record was not sent");
        values.put("Name", Map.of("value", "Acme"));
        assertThat(catalog.valueProblem(values)).contains("field Name (string) got '{value=Acme}', which is a list or an object");
        values.put("Name", new ObjectMapper().readTree("[\"Acme\"]"));
        assertThat(catalog.valueProblem(values)).contains("which is a list or an object");
        values.put("Name", new String[] {"Acme"});
        assertThat(catalog.valueProblem(values)).contains("which is a list or an object");
        values.put("Name", "Acme; Acme Corp");
        assertThat(catalog.valueProblem(values)).isNull();
    }
}
