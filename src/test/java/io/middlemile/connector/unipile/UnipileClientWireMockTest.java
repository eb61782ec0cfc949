package io.middlemile.connector.unipile;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.HealthCheck;
import io.middlemile.connector.Outreach;
import io.middlemile.connector.Outreach.Outcome;
import io.middlemile.connector.Outreach.Outcome.Status;
import io.middlemile.connector.Outreach.Send;
import io.middlemile.connector.unipile.UnipileRecords.RelationsPage;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The Unipile connector and client against stubs shaped like the examples of Unipile's documentation
 * (developer.unipile.com/docs/invite-users, /docs/send-messages, the API reference's error problems).
 */
class UnipileClientWireMockTest {

    private static final String ACCOUNT = "t5XY4yQzR9WVrlNFyzPMhw";
    private static final String PROVIDER_ID = "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E";
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final String PROFILE = """
            {"object":"UserProfile","provider":"LINKEDIN","provider_id":"%s","public_identifier":"jane-doe-1234",
             "first_name":"Jane","last_name":"Doe","headline":"VP Sales at Acme","network_distance":"SECOND_DEGREE"}"""
            .formatted(PROVIDER_ID);

    private WireMockServer wm;
    private UnipileConnector connector;

    @BeforeEach
    void start() {
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
        connector = connector(Map.of());
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private UnipileConnector connector(Map<String, Boolean> premium) {
        ConnectorConfig config = new ConnectorConfig("linkedin", "unipile", null, null, wm.baseUrl() + "/api/v1",
                new AuthConfig("api-key", null, "${UNIPILE_API_KEY}", null, null, null, null, null, null),
                Map.of("people", new ObjectConfig("public_identifier", null, List.of("public_identifier"))), null);
        UnipileSettings settings = UnipileSettings.defaults(wm.baseUrl() + "/api/v1").withTimeout(Duration.ofSeconds(2))
                .withPremiumAccounts(premium);
        return new UnipileConnector(config, Map.of("UNIPILE_API_KEY", "key-123"), settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static String problem(int status, String type, String detail) {
        return "{\"title\":\"t\",\"detail\":\"" + detail + "\",\"type\":\"" + type + "\",\"status\":" + status + "}";
    }

    private static Send invite(String note) {
        return new Send("crm-42", Outreach.Kind.INVITE, ACCOUNT, null, "https://www.linkedin.com/in/jane-doe-1234/?utm=x",
                Map.of(), note);
    }

    private Outcome sendOne(Send send) {
        List<Outcome> outcomes = connector.send(List.of(send), Map.of());
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    private void stubProfile() {
        wm.stubFor(get(urlPathEqualTo("/api/v1/users/jane-doe-1234")).withQueryParam("account_id", equalTo(ACCOUNT))
                .willReturn(okJson(PROFILE)));
    }

    @Test
    void anInvitationLooksTheProfileUpThenSendsTheNoteToItsProviderId() {
        stubProfile();
        wm.stubFor(post(urlPathEqualTo("/api/v1/users/invite")).willReturn(jsonResponse(
                "{\"object\":\"UserInvitationSent\",\"invitation_id\":\"7154226409342529536\"}", 201)));

        Outcome outcome = sendOne(invite("Hi Jane, we met at SaaStr."));

        assertThat(outcome).isEqualTo(Outcome.sent("crm-42", "7154226409342529536"));
        wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/users/jane-doe-1234")).withHeader("X-API-KEY", equalTo("key-123")));
        wm.verify(postRequestedFor(urlPathEqualTo("/api/v1/users/invite")).withHeader("X-API-KEY", equalTo("key-123"))
                .withRequestBody(equalToJson("{\"account_id\":\"" + ACCOUNT + "\",\"provider_id\":\"" + PROVIDER_ID
                        + "\",\"message\":\"Hi Jane, we met at SaaStr.\"}")));
    }

    @Test
    void aNoteOverTheAccountsLimitIsRejectedUncutAndNothingIsCalled() {
        String note250 = "x".repeat(250);

        Outcome free = sendOne(invite(note250));

        assertThat(free.status()).isEqualTo(Status.REJECTED);
        assertThat(free.reason()).contains("250 characters").contains("at most 200").contains("never cut").contains("premium: true");
        assertThat(wm.getAllServeEvents()).isEmpty();

        Send flagged = new Send("crm-43", Outreach.Kind.INVITE, ACCOUNT, null, "jane-doe-1234", Map.of("premium", true), "y".repeat(301));
        assertThat(sendOne(flagged).reason()).contains("301 characters").contains("at most 300");
        assertThat(wm.getAllServeEvents()).isEmpty();

        stubProfile();
        wm.stubFor(post(urlPathEqualTo("/api/v1/users/invite")).willReturn(jsonResponse(
                "{\"object\":\"UserInvitationSent\",\"invitation_id\":\"1\"}", 201)));
        connector = connector(Map.of(ACCOUNT, true));
        assertThat(sendOne(invite(note250)).status()).isEqualTo(Status.SENT);
        wm.verify(postRequestedFor(urlPathEqualTo("/api/v1/users/invite")).withRequestBody(matchingJsonPath("$.message", equalTo(note250))));
    }

    @Test
    void theAccountsLimitDefersTheSendUntilRetryAfterOrTheNextWindow() {
        stubProfile();
        wm.stubFor(post(urlPathEqualTo("/api/v1/users/invite")).willReturn(jsonResponse(
                problem(429, "errors/too_many_requests", "The provider limit is reached."), 429).withHeader("Retry-After", "3600")));

        Outcome withWait = sendOne(invite(null));

        assertThat(withWait.status()).isEqualTo(Status.DEFERRED);
        assertThat(withWait.retryAt()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(withWait.reason()).contains(ACCOUNT).contains("429");

        wm.stubFor(post(urlPathEqualTo("/api/v1/users/invite")).willReturn(jsonResponse(
                problem(429, "errors/too_many_requests", "The provider limit is reached."), 429)));
        Outcome without = sendOne(invite(null));
        assertThat(without.status()).isEqualTo(Status.DEFERRED);
        assertThat(without.retryAt()).isNull();

        wm.stubFor(get(urlPathEqualTo("/api/v1/users/jane-doe-1234")).willReturn(jsonResponse(
                problem(500, "errors/unexpected_error", "Something went wrong."), 500)));
        assertThat(sendOne(invite(null)).status()).isEqualTo(Status.DEFERRED);
        // the send is never repeated by the client: one invite call per send
        wm.verify(2, postRequestedFor(urlPathEqualTo("/api/v1/users/invite")));
    }

    @Test
    void aDisconnectedAccountFailsTheCallAndSaysToReconnectIt() {
        wm.stubFor(get(urlPathEqualTo("/api/v1/users/jane-doe-1234")).willReturn(jsonResponse(problem(401,
                "errors/disconnected_account", "The account appears to be disconnected from the provider service."), 401)));

        ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> sendOne(invite(null)));

        assertThat(failure.kind()).isEqualTo(Kind.AUTH);
        assertThat(failure.getMessage()).contains("errors/disconnected_account").contains(ACCOUNT).contains("Reconnect it in the Unipile dashboard");
    }

    @Test
    void tooManyCharactersIsThatSendsRejectionAndAlreadyInvitedASkip() {
        stubProfile();
        wm.stubFor(post(urlPathEqualTo("/api/v1/users/invite")).willReturn(jsonResponse(
                problem(400, "errors/too_many_characters", "The message is too long."), 400)));

        Outcome tooLong = sendOne(invite("short enough for us"));

        assertThat(tooLong.status()).isEqualTo(Status.REJECTED);
        assertThat(tooLong.reason()).contains("errors/too_many_characters");

        wm.stubFor(post(urlPathEqualTo("/api/v1/users/invite")).willReturn(jsonResponse(
                problem(422, "errors/already_invited_recently", "An invitation has already been sent recently."), 422)));
        Outcome again = sendOne(invite(null));
        assertThat(again.status()).isEqualTo(Status.SKIPPED);

        wm.stubFor(get(urlPathEqualTo("/api/v1/users/nobody")).willReturn(jsonResponse(
                problem(404, "errors/resource_not_found", "Resource not found."), 404)));
        Send unknown = new Send("crm-44", Outreach.Kind.INVITE, ACCOUNT, null, "linkedin.com/in/nobody", Map.of(), null);
        assertThat(sendOne(unknown).status()).isEqualTo(Status.REJECTED);
    }

    @Test
    void aMessageGoesIntoTheGivenChatOrStartsTheOneToOneChat() {
        wm.stubFor(post(urlPathEqualTo("/api/v1/chats/R8J-xM9WX7eoHLp6gSVtWQ/messages")).willReturn(jsonResponse(
                "{\"object\":\"MessageSent\",\"message_id\":\"ykmhfXlRW0W_cqReJYrfBw\"}", 201)));
        Send into = new Send("crm-45", Outreach.Kind.MESSAGE, ACCOUNT, "R8J-xM9WX7eoHLp6gSVtWQ", "jane-doe-1234", Map.of(), "Thanks!");

        assertThat(sendOne(into)).isEqualTo(Outcome.sent("crm-45", "ykmhfXlRW0W_cqReJYrfBw"));
        wm.verify(postRequestedFor(urlPathEqualTo("/api/v1/chats/R8J-xM9WX7eoHLp6gSVtWQ/messages"))
                .withHeader("Content-Type", containing("multipart/form-data"))
                .withRequestBodyPart(aMultipart().withName("text").withBody(equalTo("Thanks!")).build()));

        stubProfile();
        wm.stubFor(post(urlPathEqualTo("/api/v1/chats")).willReturn(jsonResponse(
                "{\"object\":\"ChatStarted\",\"chat_id\":\"chat-9\",\"message_id\":\"msg-9\"}", 201)));
        Send fresh = new Send("crm-46", Outreach.Kind.MESSAGE, ACCOUNT, null, "jane-doe-1234", Map.of(), "Hello Jane");
        assertThat(sendOne(fresh)).isEqualTo(Outcome.sent("crm-46", "msg-9"));
        wm.verify(postRequestedFor(urlPathEqualTo("/api/v1/chats"))
                .withRequestBodyPart(aMultipart().withName("account_id").withBody(equalTo(ACCOUNT)).build())
                .withRequestBodyPart(aMultipart().withName("attendees_ids").withBody(equalTo(PROVIDER_ID)).build())
                .withRequestBodyPart(aMultipart().withName("text").withBody(equalTo("Hello Jane")).build()));
    }

    @Test
    void relationsArePagedWithTheCursorAndCheckListsTheAccounts() {
        wm.stubFor(get(urlPathEqualTo("/api/v1/users/relations")).withQueryParam("account_id", equalTo(ACCOUNT))
                .willReturn(okJson("""
                        {"object":"UserRelationsList","items":[{"object":"UserRelation","first_name":"Jane","last_name":"Doe",
                          "headline":"VP Sales","public_identifier":"jane-doe-1234","public_profile_url":"https://www.linkedin.com/in/jane-doe-1234",
                          "created_at":1709372400000,"member_id":"ACoAAA1","member_urn":"urn:li:member:1","connection_urn":"urn:li:c:1"}],
                         "cursor":"abc"}""")));

        RelationsPage page = connector.client().relations(ACCOUNT, 10, null);

        assertThat(page.cursor()).isEqualTo("abc");
        assertThat(page.items()).singleElement().satisfies(r -> {
            assertThat(r.publicIdentifier()).isEqualTo("jane-doe-1234");
            assertThat(r.createdAt()).isEqualTo(1709372400000L);
        });
        wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/users/relations")).withQueryParam("limit", equalTo("10")));

        wm.stubFor(get(urlPathEqualTo("/api/v1/accounts")).willReturn(okJson("""
                {"object":"AccountList","items":[{"object":"Account","id":"%s","type":"LINKEDIN","name":"Jane",
                  "sources":[{"id":"%s_MESSAGING","status":"OK"}]}],"cursor":null}""".formatted(ACCOUNT, ACCOUNT))));
        HealthCheck health = connector.check();
        assertThat(health.healthy()).isTrue();
        assertThat(health.message()).contains(ACCOUNT);

        wm.stubFor(get(urlPathEqualTo("/api/v1/accounts")).willReturn(jsonResponse(problem(401, "errors/invalid_credentials",
                "Invalid credentials"), 401)));
        assertThat(connector.check().healthy()).isFalse();
        assertThat(connector.check().message()).contains("auth.apiKey").doesNotContain("key-123");
    }

    @Test
    void aProfileUrlBecomesItsPublicIdentifier() {
        assertThat(UnipileConnector.publicIdentifier("https://www.linkedin.com/in/jane-doe-1234/")).isEqualTo("jane-doe-1234");
        assertThat(UnipileConnector.publicIdentifier("linkedin.com/in/jane-doe-1234?trk=x")).isEqualTo("jane-doe-1234");
        assertThat(UnipileConnector.publicIdentifier("jane-doe-1234")).isEqualTo("jane-doe-1234");
        assertThat(UnipileConnector.publicIdentifier(PROVIDER_ID)).isEqualTo(PROVIDER_ID);
    }
}
