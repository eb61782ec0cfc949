package io.middlemile.abuse;

import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.testing.ParkedReview;
import io.middlemile.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standing abuse suite of the HTTP surface, against `middlemile run` in this JVM: path and header
 * tricks on every endpoint, oversized, truncated, deeply nested and wrongly typed bodies. Every case
 * must get a clear 4xx, and the parked review and the target file must be exactly as before.
 * Random cases come from fixed seeds, printed with each failure so it can be replayed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpAbuseTest {

    private static final String TOKEN = "abuse-suite-token-0123456789";
    private static final String AUTH = "Authorization: Bearer " + TOKEN;

    @TempDir
    static Path workspace;

    private ConfigurableApplicationContext engine;
    private RawHttp http;
    private long reviewId;
    private String targetBefore;

    @BeforeAll
    void parkAReviewAndServe() throws Exception {
        ParkedReview.prepare(workspace);
        targetBefore = Files.readString(workspace.resolve("out/contacts-clean.csv"));

        System.setProperty("MIDDLEMILE_API_TOKENS", "abuse-suite=" + TOKEN);
        System.setProperty("server.port", "0");
        engine = EngineLauncherAccess.serve(workspace);
        http = new RawHttp(Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")));
        RawHttp.Answer list = http.send("GET /api/reviews HTTP/1.1\r\n" + AUTH, null);
        assertThat(list.body()).contains("\"status\":\"pending\"");
        reviewId = Long.parseLong(list.body().replaceAll("(?s)^.*?\\[\\{\"id\":(\\d+),.*$", "$1"));
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
        System.clearProperty("MIDDLEMILE_API_TOKENS");
        System.clearProperty("server.port");
    }

    @Test
    void noSpellingOfAProtectedPathGetsInWithoutAToken() throws Exception {
        List<String> paths = new ArrayList<>(List.of("/api;x/reviews", "/%61pi/reviews", "/%61%70%69/reviews", "//api/reviews",
                "/api//reviews", "/api/reviews/", "/API/reviews", "/Api/Reviews", "/api/./reviews", "/api/../api/reviews",
                "/webhooks/../api/reviews", "/webhooks/hubspot/x/..;/..;/api/reviews", "/api%2Freviews", "/api%2freviews",
                "/api/reviews%00", "/api/reviews;jsessionid=1", "/api/reviews?x=/webhooks/hubspot/a", "/./api/reviews",
                "/api/%2e/reviews", "/api/reviews/%2e%2e/reviews", "/api\\reviews", "/api/reviews/" + "%2e", "/%2fapi/reviews"));
        paths.addAll(mutations("/api/reviews", 150, 20261202L));
        for (String path : paths) {
            for (String request : List.of("GET " + path, "POST " + path.replace("/reviews", "/reviews/" + reviewId + "/approve"))) {
                RawHttp.Answer answer = http.send(request + " HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2", "{}".getBytes());
                assertThat(answer.status()).as(request + " -> " + answer.body()).isBetween(400, 499);
                assertThat(answer.body()).as(request).doesNotContain("recordKey").doesNotContain("before");
            }
        }
        assertNothingChanged();
    }

    @Test
    void headerTricksAreNotAToken() throws Exception {
        List<String> headers = List.of("", "Authorization: Bearer", "Authorization: Bearer ", "Authorization: Bearer wrong-token-0123456789",
                "Authorization: Bearer " + TOKEN.toUpperCase(), "Authorization: Bearer " + TOKEN.substring(1),
                "Authorization: Bearer " + TOKEN + "x", "Authorization: Basic " + java.util.Base64.getEncoder()
                        .encodeToString(("abuse-suite:" + TOKEN).getBytes(StandardCharsets.UTF_8)),
                "Authorization: " + TOKEN, "Authorization: Token " + TOKEN, "X-Api-Token: " + TOKEN,
                "Authorization: Bearer wrong-token-0123456789\r\n" + AUTH, // only the first header counts
                "X-Original-URL: /webhooks/hubspot/hubspot", "X-Rewrite-URL: /webhooks/hubspot/hubspot",
                "X-Forwarded-For: 127.0.0.1", "X-Forwarded-Prefix: /webhooks/hubspot");
        for (String header : headers) {
            for (String request : List.of("GET /api/reviews", "GET /api/reviews/" + reviewId, "POST /api/reviews/" + reviewId + "/approve",
                    "POST /api/reviews/" + reviewId + "/reject", "POST /api/match/contacts", "GET /actuator/env", "GET /")) {
                String head = request + " HTTP/1.1" + (header.isEmpty() ? "" : "\r\n" + header) + "\r\nContent-Type: application/json\r\nContent-Length: 2";
                RawHttp.Answer answer = http.send(head, "{}".getBytes());
                assertThat(answer.status()).as(head).isEqualTo(401);
                assertThat(answer.body()).as(head).contains("Missing or wrong API token").doesNotContain(TOKEN);
            }
        }
        assertNothingChanged();
    }

    @Test
    void badBodiesGetAClear4xxAndDecideNothing() throws Exception {
        String approve = "POST /api/reviews/" + reviewId + "/approve HTTP/1.1\r\n" + AUTH;
        String deep = "{\"note\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        List<Object[]> cases = List.of(
                new Object[]{"truncated", "{\"note\":\"ok", 400, "could not be read"},
                new Object[]{"nested 5,000 deep", deep, 400, "\\\"note\\\" must be text (a JSON string)"},
                new Object[]{"wrong type", "{\"by\":[1],\"note\":{}}", 400, "\\\"by\\\" must be text (a JSON string)"},
                new Object[]{"an array", "[]", 400, "The body must be a JSON object"},
                new Object[]{"a string", "\"approve\"", 400, "The body must be a JSON object"},
                new Object[]{"someone else's name", "{\"by\":\"ana@revops\"}", 400, "is not the caller"},
                new Object[]{"invalid UTF-8", "{\"note\":\"\u00ff\u00fe\"}", 400, "could not be read"});
        for (Object[] c : cases) {
            byte[] body = c[0].equals("invalid UTF-8") ? new byte[]{'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}
                    : ((String) c[1]).getBytes(StandardCharsets.UTF_8);
            RawHttp.Answer answer = http.send(approve + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length, body);
            assertThat(answer.status()).as(c[0] + ": " + answer.body()).isEqualTo(c[2]);
            assertThat(answer.body()).as((String) c[0]).contains((String) c[3]).doesNotContain("Exception").doesNotContain("at io.");
        }
        RawHttp.Answer wrongMediaType = http.send(approve + "\r\nContent-Type: text/plain\r\nContent-Length: 2", "{}".getBytes());
        RawHttp.Answer notAnId = http.send("GET /api/reviews/abc HTTP/1.1\r\n" + AUTH, null);
        RawHttp.Answer unknownId = http.send("POST /api/reviews/999999/approve HTTP/1.1\r\n" + AUTH
                + "\r\nContent-Type: application/json\r\nContent-Length: 2", "{}".getBytes());
        assertThat(wrongMediaType.status()).isEqualTo(415);
        assertThat(notAnId.status()).isEqualTo(400);
        assertThat(notAnId.body()).contains("'id' must be a whole number; got \\\"abc\\\"");
        assertThat(unknownId.status()).isBetween(400, 404);
        assertNothingChanged();
    }

    @Test
    void oversizedBodiesAreRefusedBeforeTheyAreRead() throws Exception {
        String approve = "POST /api/reviews/" + reviewId + "/approve HTTP/1.1\r\n" + AUTH + "\r\nContent-Type: application/json";
        // declared too large: refused before a byte is read, with or without a token, on every endpoint
        RawHttp.Answer declared = http.send(approve + "\r\nContent-Length: 300000000", new byte[16]);
        RawHttp.Answer declaredWebhook = http.send("POST /webhooks/hubspot/hubspot HTTP/1.1\r\nContent-Length: 300000000", new byte[16]);
        RawHttp.Answer declaredAnonymous = http.send("POST /api/reviews/" + reviewId + "/reject HTTP/1.1\r\nContent-Length: 2000000",
                new byte[16]);
        // chunked: no length up front, counted while it streams
        RawHttp.Answer streamed = http.sendChunked(approve, 4L * 1024 * 1024);
        // a chunked form: the container would read its parameters up to its own form limit, past the cap
        RawHttp.Answer chunkedForm = http.sendChunked("POST /console/login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
                4L * 1024 * 1024);

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.body()).contains("middlemile.http.max-body-size");
        assertThat(declaredWebhook.status()).isEqualTo(413);
        assertThat(declaredAnonymous.status()).isEqualTo(413);
        assertThat(streamed.status()).as(streamed.body()).isEqualTo(413);
        assertThat(chunkedForm.status()).as(chunkedForm.body()).isEqualTo(411);
        assertThat(chunkedForm.body()).contains("must declare its length (Content-Length)").doesNotContain("CSRF");
        assertNothingChanged();
    }

    @Test
    void aWebhookForAConnectionThatDoesNotExistLooksLikeAnyBadDelivery() throws Exception {
        String body = "[{\"eventId\":1,\"portalId\":1,\"subscriptionType\":\"contact.creation\",\"objectId\":1,\"occurredAt\":1}]";
        RawHttp.Answer unknown = http.send("POST /webhooks/hubspot/no-such-connection HTTP/1.1\r\nContent-Type: application/json"
                + "\r\nX-HubSpot-Signature-v3: AAAA\r\nX-HubSpot-Request-Timestamp: 1\r\nContent-Length: " + body.length(), body.getBytes());
        RawHttp.Answer notHubSpot = http.send("POST /webhooks/hubspot/clean-contacts HTTP/1.1\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + body.length(), body.getBytes());

        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(notHubSpot.body()).doesNotContain("no-such-connection").contains("could not be authenticated");
    }

    @Test
    void theServerListensOnLoopbackOnlyUnlessToldOtherwise() throws Exception {
        int port = Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
        java.net.InetAddress external = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> java.util.Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof java.net.Inet4Address && !address.isLoopbackAddress())
                .findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(external != null, "this machine has no non-loopback IPv4 address to try");

        assertThat(engine.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
        try (java.net.Socket socket = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(new java.net.InetSocketAddress(external, port), 2_000))
                    .as("connecting to " + external + ":" + port).isInstanceOf(java.io.IOException.class);
        }
    }

    private void assertNothingChanged() throws Exception {
        RawHttp.Answer review = http.send("GET /api/reviews/" + reviewId + " HTTP/1.1\r\n" + AUTH, null);
        assertThat(review.body()).contains("\"status\":\"pending\"");
        assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).isEqualTo(targetBefore);
    }

    /** Random spellings of one path: case flips, percent-encoding, path parameters, dot segments, doubled slashes. */
    static List<String> mutations(String path, int count, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder spelled = new StringBuilder();
            for (char c : path.toCharArray()) {
                int roll = random.nextInt(20);
                if (c == '/' && roll == 0) {
                    spelled.append("//");
                } else if (c == '/' && roll == 1) {
                    spelled.append("/./");
                } else if (c == '/' && roll == 2) {
                    spelled.append(";m=").append(random.nextInt(9)).append('/');
                } else if (c == '/' && roll == 3) {
                    spelled.append("/x/../");
                } else if (c != '/' && roll < 3) {
                    spelled.append('%').append(String.format(random.nextBoolean() ? "%02X" : "%02x", (int) c));
                } else if (c != '/' && roll < 5) {
                    spelled.append(Character.toUpperCase(c));
                } else {
                    spelled.append(c);
                }
            }
            if (random.nextInt(4) == 0) {
                spelled.append(random.nextBoolean() ? "/" : ";");
            }
            if (!spelled.toString().equals(path)) {
                out.add(spelled.toString());
            }
        }
        return out;
    }
}
