package io.middlemile.sandbox.hubspot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls an emulator's HTTP API as a client with a bearer token, for the emulator tests. */
final class EmulatorHttp {

    private final HubSpotEmulator emulator;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    EmulatorHttp(HubSpotEmulator emulator, String token) {
        this.emulator = emulator;
        this.token = token;
    }

    /** A call with the token; {@code body} null sends none. */
    HttpResponse<String> call(String method, String path, String body) throws Exception {
        return call(method, path, body, "Bearer " + token);
    }

    HttpResponse<String> call(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path)).header("Authorization", authorization);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
