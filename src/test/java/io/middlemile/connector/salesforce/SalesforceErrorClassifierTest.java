package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorException.Kind;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** REQUEST_LIMIT_EXCEEDED names two limits: the daily allocation pauses the job, the concurrent request limit is retried. */
class SalesforceErrorClassifierTest {

    private final SalesforceErrorClassifier classifier = new SalesforceErrorClassifier("sf-prod");

    private static String body(String code, String message) {
        return "[{\"message\":\"" + message + "\",\"errorCode\":\"" + code + "\"}]";
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }

    @Test
    void theDailyAllocationIsQuotaExhausted() {
        SalesforceCallException e = classifier.classify("query", 403, headers(Map.of()),
                body("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
        assertThat(e.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
        assertThat(e.getMessage()).contains("Salesforce connection 'sf-prod', query").contains("daily API request allocation")
                .contains("The job pauses");
    }

    @Test
    void theConcurrentRequestLimitIsRateLimitedAndRetried() {
        for (String message : List.of("ConcurrentRequests (Concurrent API Requests) Limit exceeded.", "ConcurrentPerOrgLongTxn Limit exceeded")) {
            SalesforceCallException e = classifier.classify("query", 403, headers(Map.of()), body("REQUEST_LIMIT_EXCEEDED", message));
            assertThat(e.kind()).as(message).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e.errorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
            assertThat(e.getMessage()).contains(message).contains("concurrent long-running requests").contains("retried after a back-off")
                    .doesNotContain("daily API request allocation (rolling");
        }
        SalesforceCallException asked = classifier.classify("query", 403, headers(Map.of("Retry-After", List.of("7"))),
                body("REQUEST_LIMIT_EXCEEDED", "ConcurrentRequests (Concurrent API Requests) Limit exceeded."));
        assertThat(asked.retryAfter()).hasSeconds(7);
    }

    @Test
    void soapFaultsAreToldApartTheSameWay() {
        assertThat(classifier.classifySoapFault("merge", 500, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.").kind())
                .isEqualTo(Kind.QUOTA_EXHAUSTED);
        assertThat(classifier.classifySoapFault("merge", 500, "REQUEST_LIMIT_EXCEEDED",
                "ConcurrentRequests (Concurrent API Requests) Limit exceeded.").kind()).isEqualTo(Kind.RATE_LIMITED);
    }

    @Test
    void aRequestOverTheUriLimitIsAnInvalidRequestThatSaysWhy() {
        SalesforceCallException tooLong = classifier.classify("query", 414, headers(Map.of()), "URI Too Long");
        SalesforceCallException tooLarge = classifier.classify("query", 431, headers(Map.of()), "Request Header Fields Too Large");
        assertThat(tooLong.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(tooLarge.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(tooLong.getMessage()).contains("URI is over Salesforce's limit of 16,384 bytes").contains("select fewer fields");
        assertThat(tooLarge.getMessage()).contains("URI plus headers is over");
    }
}
