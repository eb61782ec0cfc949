package io.middlemile.connector.hubspot;

import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the quota metrics read from answers: HubSpot's two windows, and nothing from an answer without the headers. */
class HubSpotQuotaTest {

    @Test
    void readsTheDailyAndTenSecondWindowsLeft() {
        HttpHeaders headers = HttpHeaders.of(Map.of("X-HubSpot-RateLimit-Daily", List.of("250000"),
                "X-HubSpot-RateLimit-Daily-Remaining", List.of("249958"), "X-HubSpot-RateLimit-Max", List.of("100"),
                "X-HubSpot-RateLimit-Remaining", List.of("97")), (name, value) -> true);

        assertThat(new HubSpotQuota().left(headers)).containsExactly(Map.entry("daily", 249_958L), Map.entry("ten-secondly", 97L));
    }

    @Test
    void anOAuthOrSearchAnswerSaysLessOrNothing() {
        HttpHeaders oauth = HttpHeaders.of(Map.of("X-HubSpot-RateLimit-Remaining", List.of("12")), (name, value) -> true);
        HttpHeaders search = HttpHeaders.of(Map.of(), (name, value) -> true);
        HttpHeaders garbled = HttpHeaders.of(Map.of("X-HubSpot-RateLimit-Remaining", List.of("lots")), (name, value) -> true);

        assertThat(new HubSpotQuota().left(oauth)).containsExactly(Map.entry("ten-secondly", 12L));
        assertThat(new HubSpotQuota().left(search)).isEmpty();
        assertThat(new HubSpotQuota().left(garbled)).isEmpty();
    }
}
