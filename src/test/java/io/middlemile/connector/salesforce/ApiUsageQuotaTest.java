package io.middlemile.connector.salesforce;

import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the quota metrics read from a Salesforce answer: the org's daily requests left, or nothing without the header. */
class ApiUsageQuotaTest {

    @Test
    void readsTheDailyRequestsLeftFromSforceLimitInfo() {
        HttpHeaders headers = HttpHeaders.of(Map.of("Sforce-Limit-Info", List.of("api-usage=10018/100000; api-bursts=1/750")),
                (name, value) -> true);

        assertThat(ApiUsage.QUOTA.left(headers)).containsExactly(Map.entry("daily", 89_982L));
        assertThat(ApiUsage.QUOTA.left(HttpHeaders.of(Map.of(), (name, value) -> true))).isEmpty();
    }
}
