package io.middlemile.sandbox.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulator's SOAP merge(): session in the SessionHeader, faults as the partner endpoint sends them, MergeResults. */
class SalesforceEmulatorSoapMergeTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private SalesforceEmulator sf;
    private String token;

    @BeforeEach
    void start() throws Exception {
        sf = SalesforceEmulator.start(SalesforceEmulatorSettings.defaults("cid", "csecret").withDailyApiLimit(1000), 0);
        HttpRequest request = HttpRequest.newBuilder(URI.create(sf.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=cid&client_secret=csecret")).build();
        token = new ObjectMapper().readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("access_token").asText();
    }

    @AfterEach
    void stop() {
        sf.stop();
    }

    private HttpResponse<String> merge(String session, String type, String master, List<String> ids) throws Exception {
        StringBuilder toMerge = new StringBuilder();
        ids.forEach(id -> toMerge.append("<urn:recordToMergeIds>").append(id).append("</urn:recordToMergeIds>"));
        String envelope = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:urn=\"urn:partner.soap.sforce.com\" xmlns:urn1=\"urn:sobject.partner.soap.sforce.com\"><soapenv:Header>"
                + "<urn:SessionHeader><urn:sessionId>" + session + "</urn:sessionId></urn:SessionHeader></soapenv:Header><soapenv:Body>"
                + "<urn:merge><urn:request><urn:masterRecord><urn1:type>" + type + "</urn1:type><urn1:Id>" + master + "</urn1:Id>"
                + "</urn:masterRecord>" + toMerge + "</urn:request></urn:merge></soapenv:Body></soapenv:Envelope>";
        HttpRequest request = HttpRequest.newBuilder(URI.create(sf.baseUrl() + "/services/Soap/u/60.0"))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private List<String> leads(int count) {
        for (int i = 0; i < count; i++) {
            sf.store().create("Lead", Map.of("LastName", "L" + i, "Company", "C"));
        }
        return sf.store().all("Lead").stream().map(r -> (String) r.get("Id")).toList();
    }

    @Test
    void mergeAnswersAMergeResultAndCountsAgainstTheAllocation() throws Exception {
        List<String> ids = leads(3);
        long before = sf.apiUsage();

        HttpResponse<String> answer = merge(token, "Lead", ids.get(0), List.of(ids.get(1), ids.get(2)));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/xml"));
        assertThat(answer.headers().firstValue("Sforce-Limit-Info")).isEmpty();
        assertThat(answer.body()).contains("<mergeResponse><result><id>" + ids.get(0) + "</id><mergedRecordIds>" + ids.get(1))
                .contains("<success>true</success>");
        assertThat(sf.apiUsage()).isEqualTo(before + 1);
        assertThat(sf.store().get("Lead", ids.get(2))).containsEntry("IsDeleted", true).containsEntry("MasterRecordId", ids.get(0));
    }

    @Test
    void badSessionIsAFaultWithInvalidSessionId() throws Exception {
        List<String> ids = leads(2);

        HttpResponse<String> answer = merge("00Dnope", "Lead", ids.get(0), List.of(ids.get(1)));

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).contains("<faultcode>sf:INVALID_SESSION_ID</faultcode>")
                .contains("<sf:exceptionCode>INVALID_SESSION_ID</sf:exceptionCode>");
        assertThat(sf.store().count("Lead")).isEqualTo(2);
    }

    @Test
    void unsupportedTypeIsAFaultAndThreeRecordsToMergeAnError() throws Exception {
        List<String> ids = leads(4);

        HttpResponse<String> opportunity = merge(token, "Opportunity", "006Dn0000001001AAA", List.of("006Dn0000001002AAA"));
        HttpResponse<String> tooMany = merge(token, "Lead", ids.get(0), ids.subList(1, 4));
        sf.store().delete("Lead", ids.get(0));
        HttpResponse<String> deletedMaster = merge(token, "Lead", ids.get(0), List.of(ids.get(1)));

        assertThat(opportunity.statusCode()).isEqualTo(500);
        assertThat(opportunity.body()).contains("sf:INVALID_TYPE_FOR_OPERATION").contains("entity type does not support merge");
        assertThat(tooMany.statusCode()).isEqualTo(200);
        assertThat(tooMany.body()).contains("<statusCode>LIMIT_EXCEEDED</statusCode>").contains("<success>false</success>");
        assertThat(deletedMaster.body()).contains("<statusCode>ENTITY_IS_DELETED</statusCode>");
        assertThat(sf.store().count("Lead")).isEqualTo(3);
    }
}
