package io.middlemile.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The emulated org refuses what a real org refuses, record by record, with Salesforce's error codes
 * (DESIGN §7: an emulator kinder than the service hides bugs), and serves the single-record resources.
 */
class SalesforceEmulatorValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLLECTIONS = "/services/data/v60.0/composite/sobjects";
    private static final String SOBJECTS = "/services/data/v60.0/sobjects/";
    private static final String APPROVALS = "/services/data/v60.0/process/approvals/";
    private final HttpClient http = HttpClient.newHttpClient();
    private SalesforceEmulator sf;
    private String token;

    @BeforeEach
    void start() throws Exception {
        sf = SalesforceEmulator.start(SalesforceEmulatorSettings.defaults("cid", "csecret"), 0);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(sf.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=cid&client_secret=csecret")).build(),
                HttpResponse.BodyHandlers.ofString());
        token = JSON.readTree(answer.body()).path("access_token").asText();
    }

    @AfterEach
    void stop() {
        sf.stop();
    }

    @Test
    void theRecordsOfTheFindingAreRefusedOneByOneAndTheValidOneIsSaved() throws Exception {
        HttpResponse<String> answer = send("POST", COLLECTIONS, "{\"allOrNone\":false,\"records\":["
                + contact("\"LastName\":\"RefTest\",\"AccountId\":\"001Dn0000009999AAA\"") + ","
                + contact("\"LastName\":\"EmailTest\",\"Email\":\"not an email\"") + ","
                + contact("\"LastName\":\"" + "L".repeat(120) + "\"") + ","
                + contact("\"LastName\":\"Valid\",\"Email\":\"valid@example.com\"") + "]}");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode results = JSON.readTree(answer.body());

        assertThat(results.get(0).path("success").asBoolean()).isFalse();
        assertThat(results.get(0).has("id")).isFalse();
        assertThat(error(results.get(0)).path("statusCode").asText()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        assertThat(error(results.get(0)).path("message").asText()).isEqualTo("invalid cross reference id");

        assertThat(error(results.get(1)).path("statusCode").asText()).isEqualTo("INVALID_EMAIL_ADDRESS");
        assertThat(error(results.get(1)).path("message").asText()).isEqualTo("Email: invalid email address: not an email");
        assertThat(error(results.get(1)).path("fields").get(0).asText()).isEqualTo("Email");

        assertThat(error(results.get(2)).path("statusCode").asText()).isEqualTo("STRING_TOO_LONG");
        assertThat(error(results.get(2)).path("message").asText())
                .isEqualTo("Last Name: data value too large: " + "L".repeat(120) + " (max length=80)");
        assertThat(error(results.get(2)).path("fields").get(0).asText()).isEqualTo("LastName");

        assertThat(results.get(3).path("success").asBoolean()).isTrue();
        assertThat(results.get(3).path("id").asText()).startsWith("003");
        assertThat(sf.store().all("Contact")).extracting(row -> row.get("LastName")).containsExactly("Valid");
    }

    @Test
    void textLongerThanTheFieldIsStringTooLongAtTheRealLengths() throws Exception {
        JsonNode results = JSON.readTree(send("POST", COLLECTIONS, "{\"allOrNone\":false,\"records\":["
                + contact("\"LastName\":\"" + "L".repeat(80) + "\",\"FirstName\":\"" + "F".repeat(40) + "\",\"Title\":\"" + "T".repeat(128) + "\"")
                + "," + contact("\"LastName\":\"Long title\",\"Title\":\"" + "T".repeat(129) + "\"")
                + "," + contact("\"LastName\":\"Long first\",\"FirstName\":\"" + "F".repeat(41) + "\"")
                + "," + "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"L\",\"Company\":\"" + "C".repeat(256) + "\"}"
                + "," + "{\"attributes\":{\"type\":\"Account\"},\"Name\":\"" + "A".repeat(255) + "\",\"BillingCity\":\"" + "b".repeat(41) + "\"}"
                + "]}").body());
        assertThat(results.get(0).path("success").asBoolean()).as("exactly at the limits").isTrue();
        assertThat(error(results.get(1)).path("message").asText()).endsWith("(max length=128)").startsWith("Title: data value too large: ");
        assertThat(error(results.get(1)).path("fields").get(0).asText()).isEqualTo("Title");
        assertThat(error(results.get(2)).path("message").asText()).startsWith("First Name: ").endsWith("(max length=40)");
        assertThat(error(results.get(3)).path("message").asText()).startsWith("Company: ").endsWith("(max length=255)");
        assertThat(error(results.get(4)).path("message").asText()).startsWith("Billing City: ").endsWith("(max length=40)");
        assertThat(results.findValuesAsText("statusCode")).containsOnly("STRING_TOO_LONG");

        // Characters, not bytes: 80 two-byte letters fit a Last Name.
        assertThat(sf.store().create("Contact", Map.of("LastName", "é".repeat(80))).success()).isTrue();
    }

    @Test
    void emailsSalesforceRefusesAreInvalidEmailAddress() {
        for (String bad : new String[] {"kevin@dundermifflin", "not an email", "two@@example.com", "@example.com", "françois@example.com",
                ".dot@example.com", "a@-example.com"}) {
            SaveOutcome outcome = sf.store().create("Lead", Map.of("LastName", "L", "Company", "C", "Email", bad));
            assertThat(outcome.success()).as(bad).isFalse();
            assertThat(outcome.errors().get(0).statusCode()).as(bad).isEqualTo("INVALID_EMAIL_ADDRESS");
            assertThat(outcome.errors().get(0).fields()).containsExactly("Email");
        }
        for (String good : new String[] {"Bob.McDonald@Acme.com", " padded@example.com ", "o'brien+crm@mail.northwind.co.uk", "a..b@test.jp"}) {
            assertThat(sf.store().create("Lead", Map.of("LastName", "L", "Company", "C", "Email", good)).success()).as(good).isTrue();
        }
        assertThat(sf.store().create("Lead", Map.of("LastName", "L", "Company", "C", "Email", "")).success()).as("blank: no email").isTrue();
    }

    @Test
    void aWordInANumberFieldFailsTheWholeRestCallAsJsonParserError() throws Exception {
        HttpResponse<String> answer = send("POST", COLLECTIONS, "{\"allOrNone\":false,\"records\":["
                + "{\"attributes\":{\"type\":\"Account\"},\"Name\":\"Fine\"},"
                + "{\"attributes\":{\"type\":\"Account\"},\"Name\":\"NumAcc\",\"NumberOfEmployees\":\"lots\"}]}");
        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(answer.body()).get(0);
        assertThat(error.path("errorCode").asText()).isEqualTo("JSON_PARSER_ERROR");
        assertThat(error.path("message").asText()).startsWith("Cannot deserialize instance of int from VALUE_STRING value lots");
        assertThat(sf.store().count("Account")).as("the body does not deserialize: nothing is saved").isZero();

        HttpResponse<String> revenue = send("POST", COLLECTIONS, "{\"records\":[{\"attributes\":{\"type\":\"Account\"},\"Name\":\"A\","
                + "\"AnnualRevenue\":true}]}");
        assertThat(revenue.statusCode()).isEqualTo(400);
        assertThat(revenue.body()).contains("Cannot deserialize instance of double from VALUE_TRUE");

        JsonNode numbers = JSON.readTree(send("POST", COLLECTIONS, "{\"records\":[{\"attributes\":{\"type\":\"Account\"},\"Name\":\"Strings\","
                + "\"NumberOfEmployees\":\"42\",\"AnnualRevenue\":\"1500000.50\"},{\"attributes\":{\"type\":\"Account\"},\"Name\":\"Numbers\","
                + "\"NumberOfEmployees\":7}]}").body());
        assertThat(numbers.findValuesAsText("success")).containsOnly("true");
        assertThat(sf.store().all("Account").get(0)).containsEntry("NumberOfEmployees", 42);
    }

    @Test
    void bulkRowsAndSeedsWithAWordInANumberFieldFailOneByOne() throws Exception {
        SaveOutcome outcome = sf.store().create("Account", Map.of("Name", "NumAcc", "NumberOfEmployees", "lots"));
        assertThat(outcome.success()).isFalse();
        assertThat(outcome.errors().get(0).statusCode()).isEqualTo("INVALID_TYPE_ON_FIELD_IN_RECORD");
        assertThat(outcome.errors().get(0).message()).isEqualTo("Employees: value not of required type: lots");
        assertThat(outcome.errors().get(0).fields()).containsExactly("NumberOfEmployees");

        assertThatThrownBy(() -> sf.seedCsv("Account", new StringReader("Name,NumberOfEmployees\nAcme,many\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INVALID_TYPE_ON_FIELD_IN_RECORD");

        String job = JSON.readTree(send("POST", "/services/data/v60.0/jobs/ingest",
                "{\"object\":\"Contact\",\"operation\":\"insert\",\"contentType\":\"CSV\",\"lineEnding\":\"LF\"}").body()).path("id").asText();
        HttpResponse<String> upload = call("PUT", "/services/data/v60.0/jobs/ingest/" + job + "/batches",
                "LastName,Title,Email\nGood,CTO,good@example.com\nLong," + "T".repeat(129) + ",\nMail,,kevin@dundermifflin\n", "text/csv");
        assertThat(upload.statusCode()).isEqualTo(201);
        send("PATCH", "/services/data/v60.0/jobs/ingest/" + job, "{\"state\":\"UploadComplete\"}");
        String failed = call("GET", "/services/data/v60.0/jobs/ingest/" + job + "/failedResults/", null, null).body();
        assertThat(failed).contains("STRING_TOO_LONG:Title: data value too large: " + "T".repeat(129) + " (max length=128):Title --")
                .contains("INVALID_EMAIL_ADDRESS:Email: invalid email address: kevin@dundermifflin:Email --");
        assertThat(call("GET", "/services/data/v60.0/jobs/ingest/" + job + "/successfulResults/", null, null).body()).contains("\"Good\",\"CTO\"");
        assertThat(sf.store().count("Contact")).isEqualTo(1);
    }

    @Test
    void referenceIdsMustNameALiveRecordOfTheObjectTheFieldPointsTo() throws Exception {
        String account = sf.store().create("Account", Map.of("Name", "Acme")).id();
        String gone = sf.store().create("Account", Map.of("Name", "Gone")).id();
        sf.store().delete("Account", gone);
        String contact = sf.store().create("Contact", Map.of("LastName", "Existing")).id();

        JsonNode results = JSON.readTree(send("POST", COLLECTIONS, "{\"allOrNone\":false,\"records\":["
                + contact("\"LastName\":\"By18\",\"AccountId\":\"" + account + "\"") + ","
                + contact("\"LastName\":\"By15\",\"AccountId\":\"" + account.substring(0, 15) + "\"") + ","
                + contact("\"LastName\":\"None\",\"AccountId\":\"001Dn0000009999AAA\"") + ","
                + contact("\"LastName\":\"Malformed\",\"AccountId\":\"acme\"") + ","
                + contact("\"LastName\":\"WrongObject\",\"AccountId\":\"" + contact + "\"") + ","
                + contact("\"LastName\":\"Deleted\",\"AccountId\":\"" + gone + "\"") + ","
                + contact("\"LastName\":\"Cleared\",\"AccountId\":\"\"") + "]}").body());
        assertThat(results.get(0).path("success").asBoolean()).isTrue();
        assertThat(results.get(1).path("success").asBoolean()).isTrue();
        // kept as the account's Id: read back in the 18-character form every API call returns
        assertThat(sf.store().get("Contact", results.get(1).path("id").asText()).get("AccountId")).isEqualTo(account);
        assertThat(error(results.get(2)).path("statusCode").asText()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        assertThat(error(results.get(3)).path("statusCode").asText()).isEqualTo("MALFORMED_ID");
        assertThat(error(results.get(3)).path("message").asText()).isEqualTo("Account ID: id value of incorrect type: acme");
        assertThat(error(results.get(3)).path("fields").get(0).asText()).isEqualTo("AccountId");
        assertThat(error(results.get(4)).path("statusCode").asText()).isEqualTo("FIELD_INTEGRITY_EXCEPTION");
        assertThat(error(results.get(5)).path("statusCode").asText()).isEqualTo("ENTITY_IS_DELETED");
        assertThat(results.get(6).path("success").asBoolean()).isTrue();

        // Updates are checked the same way.
        JsonNode update = JSON.readTree(send("PATCH", COLLECTIONS, "{\"allOrNone\":false,\"records\":[{\"attributes\":{\"type\":\"Contact\"},"
                + "\"Id\":\"" + contact + "\",\"AccountId\":\"001Dn0000009999AAA\"}]}").body());
        assertThat(error(update.get(0)).path("statusCode").asText()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        assertThat(sf.store().get("Contact", contact).get("AccountId")).isNull();
        SaveOutcome opportunity = sf.store().create("Opportunity", Map.of("Name", "Deal", "StageName", "Prospecting", "CloseDate", "2024-06-30",
                "AccountId", "001Dn0000009999AAA"));
        assertThat(opportunity.errors().get(0).statusCode()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
    }

    @Test
    void anOwnerIdMustNameAUserOfTheOrg() throws Exception {
        String sam = sf.seedUser("Sam", "Lee", "sam@example.com", true);
        String account = sf.store().create("Account", Map.of("Name", "Acme")).id();
        String lead = "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"Ng\",\"Company\":\"Acme\",";

        JsonNode results = JSON.readTree(send("POST", COLLECTIONS, "{\"allOrNone\":false,\"records\":["
                + lead + "\"OwnerId\":\"" + sam + "\"}," // the 18-character Id the API returns
                + lead + "\"OwnerId\":\"" + sam.substring(0, 15) + "\"}," // the 15-character one of the user's URL
                + lead + "\"OwnerId\":\"005Dn0000009999AAA\"}," // no such user
                + lead + "\"OwnerId\":\"" + account + "\"}," // an Account's Id
                + lead + "\"OwnerId\":\"sam@example.com\"}]}").body()); // an email is not an Id
        assertThat(results.get(0).path("success").asBoolean()).isTrue();
        assertThat(results.get(1).path("success").asBoolean()).isTrue();
        // kept as the user's Id: read back in the 18-character form every API call returns
        assertThat(sf.store().get("Lead", results.get(1).path("id").asText()).get("OwnerId")).isEqualTo(sam);
        assertThat(error(results.get(2)).path("statusCode").asText()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        assertThat(error(results.get(2)).path("message").asText()).isEqualTo("invalid cross reference id");
        assertThat(error(results.get(3)).path("statusCode").asText()).isEqualTo("FIELD_INTEGRITY_EXCEPTION");
        assertThat(error(results.get(3)).path("message").asText()).isEqualTo("Owner ID: id value of incorrect type: " + account);
        assertThat(error(results.get(3)).path("fields").get(0).asText()).isEqualTo("OwnerId");
        assertThat(error(results.get(4)).path("statusCode").asText()).isEqualTo("MALFORMED_ID");

        // updates of every object with an owner are checked the same way
        String contact = sf.store().create("Contact", Map.of("LastName", "Kim", "OwnerId", sam)).id();
        assertThat(sf.store().update("Contact", contact, Map.of("OwnerId", "005Dn0000009999AAA")).errors().get(0).statusCode())
                .isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        assertThat(sf.store().get("Contact", contact).get("OwnerId")).isEqualTo(sam);
        assertThat(sf.store().update("Contact", contact, Map.of("OwnerId", sam.substring(0, 15))).success()).isTrue();
        assertThat(sf.store().get("Contact", contact).get("OwnerId")).isEqualTo(sam);
        assertThat(sf.store().update("Account", account, Map.of("OwnerId", "005Dn0000009999AAA")).success()).isFalse();
        assertThat(sf.store().create("Opportunity", Map.of("Name", "Deal", "StageName", "Prospecting", "CloseDate", "2024-06-30",
                "OwnerId", "005Dn0000009999AAA")).success()).isFalse();
    }

    @Test
    void aLeadMayBeOwnedByAQueueThatSupportsLeadsAndNoContactByAnyQueue() throws Exception {
        String leads = sf.seedQueue("Inbound Leads", "inbound@example.com", "Lead", "Case");
        // as `middlemile sandbox salesforce --seed Group=queues.csv` seeds one
        sf.seedCsv("Group", new java.io.StringReader("Name,Email,SupportedObjects\nSupport,,Case\n"));
        String cases = sf.store().all("Group").stream().filter(group -> "Support".equals(group.get("Name"))).findFirst().orElseThrow()
                .get("Id").toString();
        assertThat(sf.store().all("QueueSobject")).extracting(row -> row.get("QueueId") + " " + row.get("SobjectType"))
                .containsExactlyInAnyOrder(leads + " Lead", leads + " Case", cases + " Case");
        String lead = "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"Ng\",\"Company\":\"Acme\",";

        JsonNode results = JSON.readTree(send("POST", COLLECTIONS, "{\"allOrNone\":false,\"records\":["
                + lead + "\"OwnerId\":\"" + leads + "\"}," // a queue of leads
                + lead + "\"OwnerId\":\"" + leads.substring(0, 15) + "\"}," // its 15-character Id
                + lead + "\"OwnerId\":\"" + cases + "\"}," // a queue of cases only
                + lead + "\"OwnerId\":\"00GDn0000009999AAA\"}]}").body()); // no such group
        assertThat(results.get(0).path("success").asBoolean()).isTrue();
        assertThat(sf.store().get("Lead", results.get(1).path("id").asText()).get("OwnerId")).isEqualTo(leads);
        assertThat(error(results.get(2)).path("statusCode").asText()).isEqualTo("FIELD_INTEGRITY_EXCEPTION");
        assertThat(error(results.get(2)).path("message").asText()).isEqualTo("Owner ID: id value of incorrect type: " + cases);
        assertThat(error(results.get(3)).path("statusCode").asText()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");

        // no queue owns a contact, whatever objects it supports
        SaveOutcome contact = sf.store().create("Contact", Map.of("LastName", "Kim", "OwnerId", leads));
        assertThat(contact.errors().get(0).statusCode()).isEqualTo("FIELD_INTEGRITY_EXCEPTION");
        // a group that is no queue owns nothing
        String group = sf.store().create("Group", Map.of("Name", "All reps", "Type", "Regular")).id();
        assertThat(sf.store().create("Lead", Map.of("LastName", "Ng", "Company", "Acme", "OwnerId", group)).errors().get(0).statusCode())
                .isEqualTo("FIELD_INTEGRITY_EXCEPTION");
    }

    @Test
    void recordIdsAre18CharactersEndingInTheCaseSafeSuffixOfTheirFirst15() {
        String user = sf.seedUser("Ida", "Case", "ida@example.com", true);
        String contact = sf.store().create("Contact", Map.of("LastName", "Suffix")).id();
        for (String id : java.util.List.of(user, contact)) {
            assertThat(id).hasSize(18);
            assertThat(io.middlemile.connector.salesforce.SalesforceIds.to18(id.substring(0, 15))).as(id).isEqualTo(id);
        }
    }

    @Test
    void requiredFieldsAreCheckedOnCreateAndWhenAnUpdateBlanksThem() throws Exception {
        String id = sf.store().create("Contact", Map.of("LastName", "Kept")).id();
        JsonNode results = JSON.readTree(send("POST", COLLECTIONS, "{\"allOrNone\":false,\"records\":[" + contact("\"FirstName\":\"No last\"")
                + "]}").body());
        assertThat(error(results.get(0)).path("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(error(results.get(0)).path("fields").get(0).asText()).isEqualTo("LastName");
        JsonNode blanked = JSON.readTree(send("PATCH", COLLECTIONS, "{\"records\":[{\"attributes\":{\"type\":\"Contact\"},\"Id\":\"" + id
                + "\",\"LastName\":\"\"}]}").body());
        assertThat(error(blanked.get(0)).path("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(sf.store().get("Contact", id)).containsEntry("LastName", "Kept");
    }

    @Test
    void allOrNoneUndoesTheWritesMadeBeforeTheRecordThatFailed() throws Exception {
        sf.clock().freezeAt(Instant.parse("2024-03-01T09:00:00Z"));
        String id = sf.store().create("Contact", Map.of("LastName", "Before", "Title", "CTO")).id();
        Map<String, Object> before = sf.store().get("Contact", id);
        sf.clock().advance(Duration.ofMinutes(1));

        String byEmail = "/services/data/v60.0/query?q=" + q("SELECT Id FROM Contact WHERE Email IN ('good@example.com')");
        assertThat(JSON.readTree(get(byEmail).body()).path("totalSize").asInt()).as("builds the Email index").isZero();
        JsonNode created = JSON.readTree(send("POST", COLLECTIONS, "{\"allOrNone\":true,\"records\":["
                + contact("\"LastName\":\"Good\",\"Email\":\"good@example.com\"") + "," + contact("\"LastName\":\"Bad\",\"Title\":\"" + "T".repeat(200) + "\"") + "]}").body());
        assertThat(error(created.get(0)).path("statusCode").asText()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(error(created.get(1)).path("statusCode").asText()).isEqualTo("STRING_TOO_LONG");
        assertThat(sf.store().count("Contact")).isEqualTo(1);

        JsonNode updated = JSON.readTree(send("PATCH", COLLECTIONS, "{\"allOrNone\":true,\"records\":["
                + "{\"attributes\":{\"type\":\"Contact\"},\"Id\":\"" + id + "\",\"LastName\":\"After\"},"
                + "{\"attributes\":{\"type\":\"Contact\"},\"Id\":\"003Dn0000009999AAA\",\"LastName\":\"Nobody\"}]}").body());
        assertThat(error(updated.get(0)).path("statusCode").asText()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(sf.store().get("Contact", id)).as("values and stamps as before the call").isEqualTo(before);
        HttpResponse<String> indexed = get(byEmail);
        assertThat(indexed.statusCode()).as(indexed.body()).isEqualTo(200);
        assertThat(JSON.readTree(indexed.body()).path("totalSize").asInt()).as("the rolled-back create is in no index either").isZero();

        JsonNode fine = JSON.readTree(send("POST", COLLECTIONS, "{\"allOrNone\":true,\"records\":[" + contact("\"LastName\":\"One\"") + ","
                + contact("\"LastName\":\"Two\"") + "]}").body());
        assertThat(fine.findValuesAsText("success")).containsOnly("true");
        assertThat(sf.store().count("Contact")).isEqualTo(3);
    }

    @Test
    void getAndPatchOfOneRecordAnswerAsTheSObjectRowsResource() throws Exception {
        sf.clock().freezeAt(Instant.parse("2024-03-01T09:00:00Z"));
        String id = sf.store().create("Contact", Map.of("LastName", "Row", "Email", "row@example.com")).id();

        HttpResponse<String> got = get(SOBJECTS + "Contact/" + id);
        assertThat(got.statusCode()).isEqualTo(200);
        JsonNode record = JSON.readTree(got.body());
        assertThat(record.path("attributes").path("type").asText()).isEqualTo("Contact");
        assertThat(record.path("attributes").path("url").asText()).isEqualTo(SOBJECTS + "Contact/" + id);
        assertThat(record.path("Id").asText()).isEqualTo(id);
        assertThat(record.path("LastName").asText()).isEqualTo("Row");
        assertThat(record.has("Title")).as("unset fields are there as null").isTrue();
        assertThat(record.path("Title").isNull()).isTrue();
        assertThat(record.path("SystemModstamp").asText()).isEqualTo("2024-03-01T09:00:00.000+0000");
        JsonNode some = JSON.readTree(get(SOBJECTS + "Contact/" + id.substring(0, 15) + "?fields=LastName,Email").body());
        assertThat(some.fieldNames()).toIterable().containsExactly("attributes", "LastName", "Email");
        assertThat(JSON.readTree(get(SOBJECTS + "Contact/describe").body()).path("name").asText()).isEqualTo("Contact");

        sf.clock().advance(Duration.ofMinutes(1));
        HttpResponse<String> patched = send("PATCH", SOBJECTS + "Contact/" + id, "{\"Title\":\"CTO\",\"Email\":\"new@example.com\"}");
        assertThat(patched.statusCode()).isEqualTo(204);
        assertThat(patched.body()).isEmpty();
        assertThat(sf.store().get("Contact", id)).containsEntry("Title", "CTO").containsEntry("Email", "new@example.com")
                .containsEntry("SystemModstamp", Instant.parse("2024-03-01T09:01:00Z"));
        assertThat(sf.requestCount("PATCH sobject")).isEqualTo(1);

        HttpResponse<String> tooLong = send("PATCH", SOBJECTS + "Contact/" + id, "{\"Title\":\"" + "T".repeat(129) + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(tooLong.body()).get(0);
        assertThat(error.path("errorCode").asText()).isEqualTo("STRING_TOO_LONG");
        assertThat(error.path("fields").get(0).asText()).isEqualTo("Title");
        assertThat(sf.store().get("Contact", id)).containsEntry("Title", "CTO");
        assertThat(send("PATCH", SOBJECTS + "Contact/" + id, "{\"Nope__c\":1}").body()).contains("INVALID_FIELD");
        assertThat(send("PATCH", SOBJECTS + "Account/" + sf.store().create("Account", Map.of("Name", "A")).id(),
                "{\"NumberOfEmployees\":\"lots\"}").body()).contains("JSON_PARSER_ERROR");

        for (HttpResponse<String> missing : java.util.List.of(get(SOBJECTS + "Contact/003Dn0000009999AAA"),
                send("PATCH", SOBJECTS + "Contact/003Dn0000009999AAA", "{\"Title\":\"CTO\"}"))) {
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(missing.body())).isEqualTo(JSON.readTree(
                    "[{\"message\":\"The requested resource does not exist\",\"errorCode\":\"NOT_FOUND\"}]"));
        }
        sf.store().delete("Contact", id);
        HttpResponse<String> deleted = get(SOBJECTS + "Contact/" + id);
        assertThat(deleted.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(deleted.body()).get(0).path("errorCode").asText()).isEqualTo("ENTITY_IS_DELETED");
    }

    @Test
    void aRecordSubmittedForApprovalRefusesUpdatesAndDeletesUntilItsWorkItemIsApproved() throws Exception {
        String locked = sf.store().create("Contact", Map.of("LastName", "Kumar")).id();
        String free = sf.store().create("Contact", Map.of("LastName", "McDonald")).id();
        JsonNode submitted = JSON.readTree(send("POST", APPROVALS, "{\"requests\":[{\"actionType\":\"Submit\",\"contextId\":\""
                + locked + "\",\"nextApproverIds\":[\"005Dn0000001001IAA\"]},{\"actionType\":\"Submit\",\"contextId\":"
                + "\"003Dn0000009999IAA\"}]}").body());
        assertThat(submitted.get(0).path("success").asBoolean()).as(submitted.toString()).isTrue();
        assertThat(submitted.get(0).path("instanceStatus").asText()).isEqualTo("Pending");
        assertThat(submitted.get(0).path("entityId").asText()).isEqualTo(locked);
        assertThat(submitted.get(0).path("actorIds").get(0).asText()).isEqualTo("005Dn0000001001IAA");
        String workitem = submitted.get(0).path("newWorkitemIds").get(0).asText();
        assertThat(workitem).startsWith("04i").hasSize(18);
        assertThat(error(submitted.get(1)).path("statusCode").asText()).as("no such record").isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        JsonNode again = JSON.readTree(send("POST", APPROVALS, "{\"requests\":[{\"actionType\":\"Submit\",\"contextId\":\""
                + locked + "\"}]}").body());
        assertThat(error(again.get(0)).path("statusCode").asText()).isEqualTo("ALREADY_IN_PROCESS");

        JsonNode updated = JSON.readTree(send("PATCH", COLLECTIONS, "{\"allOrNone\":false,\"records\":["
                + "{\"attributes\":{\"type\":\"Contact\"},\"id\":\"" + locked + "\",\"Title\":\"CTO\"}]}").body());
        JsonNode deleted = JSON.readTree(send("DELETE", COLLECTIONS + "?allOrNone=false&ids=" + locked + "," + free, null).body());

        for (JsonNode refused : java.util.List.of(updated.get(0), deleted.get(0))) {
            assertThat(refused.path("success").asBoolean()).isFalse();
            assertThat(error(refused).path("statusCode").asText()).isEqualTo("ENTITY_IS_LOCKED");
            assertThat(error(refused).path("message").asText()).isEqualTo("the entity is locked for editing");
        }
        assertThat(deleted.get(1).path("success").asBoolean()).as("the other record of the call").isTrue();
        assertThat(sf.store().get("Contact", locked)).containsEntry("IsDeleted", false).doesNotContainKey("Title");

        JsonNode approved = JSON.readTree(send("POST", APPROVALS, "{\"requests\":[{\"actionType\":\"Approve\",\"contextId\":\""
                + workitem + "\",\"comments\":\"ok\"}]}").body());
        assertThat(approved.get(0).path("instanceStatus").asText()).isEqualTo("Approved");
        assertThat(approved.get(0).path("newWorkitemIds")).isEmpty();
        assertThat(JSON.readTree(send("DELETE", COLLECTIONS + "?ids=" + locked, null).body()).get(0).path("success").asBoolean())
                .isTrue();
        assertThat(sf.store().get("Contact", locked)).containsEntry("IsDeleted", true);
    }

    @Test
    void soqlLikeMatchesWildcardsCaseInsensitively() throws Exception {
        for (String name : new String[] {"McDonald", "mcdonald", "MacDonald", "O'Brien", "100% Match", "100 Match", "Snake_Case", "SnakeXCase"}) {
            sf.store().create("Contact", Map.of("LastName", name));
        }
        assertThat(lastNames("SELECT LastName FROM Contact WHERE LastName LIKE 'mc%'")).containsExactly("McDonald", "mcdonald");
        assertThat(lastNames("SELECT LastName FROM Contact WHERE LastName LIKE 'M_cDonald'")).containsExactly("MacDonald");
        assertThat(lastNames("SELECT LastName FROM Contact WHERE LastName LIKE '%\\'brien'")).containsExactly("O'Brien");
        assertThat(lastNames("SELECT LastName FROM Contact WHERE LastName LIKE '100\\%%'")).containsExactly("100% Match");
        assertThat(lastNames("SELECT LastName FROM Contact WHERE LastName LIKE 'Snake\\_Case'")).containsExactly("Snake_Case");
        assertThat(lastNames("SELECT LastName FROM Contact WHERE NOT LastName LIKE '%donald' AND LastName LIKE '%a%'"))
                .containsExactly("100% Match", "100 Match", "Snake_Case", "SnakeXCase");
        assertThat(lastNames("SELECT LastName FROM Contact WHERE LastName = '100\\% Match'")).as("an escaped % elsewhere is a %")
                .containsExactly("100% Match");

        HttpResponse<String> unquoted = get("/services/data/v60.0/query?q=" + q("SELECT Id FROM Contact WHERE LastName LIKE mc"));
        assertThat(unquoted.statusCode()).isEqualTo(400);
        assertThat(unquoted.body()).contains("MALFORMED_QUERY");
        HttpResponse<String> onId = get("/services/data/v60.0/query?q=" + q("SELECT Id FROM Contact WHERE Id LIKE '003%'"));
        assertThat(onId.statusCode()).isEqualTo(400);
    }

    @Test
    void describeReportsEachFieldsLengthAndLabel() throws Exception {
        JsonNode fields = JSON.readTree(get(SOBJECTS + "Contact/describe").body()).path("fields");
        JsonNode title = null;
        JsonNode lastName = null;
        for (JsonNode field : fields) {
            if (field.path("name").asText().equals("Title")) {
                title = field;
            }
            if (field.path("name").asText().equals("LastName")) {
                lastName = field;
            }
        }
        assertThat(title).isNotNull();
        assertThat(title.path("length").asInt()).isEqualTo(128);
        assertThat(lastName.path("length").asInt()).isEqualTo(80);
        assertThat(lastName.path("label").asText()).isEqualTo("Last Name");
    }

    private static String contact(String fields) {
        return "{\"attributes\":{\"type\":\"Contact\"}," + fields + "}";
    }

    private static JsonNode error(JsonNode result) {
        assertThat(result.path("success").asBoolean()).as(result.toString()).isFalse();
        return result.path("errors").get(0);
    }

    private java.util.List<String> lastNames(String soql) throws Exception {
        HttpResponse<String> answer = get("/services/data/v60.0/query?q=" + q(soql + " ORDER BY Id"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("records").findValuesAsText("LastName");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return call("GET", path, null, null);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return call(method, path, body, "application/json");
    }

    private HttpResponse<String> call(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sf.baseUrl() + path)).header("Authorization", "Bearer " + token);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String soql) {
        return URLEncoder.encode(soql, StandardCharsets.UTF_8);
    }
}
