package io.middlemile.workspace;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed hub endpoint URI as written in a route: {@code hub-read:CONNECTION/OBJECT},
 * {@code hub-map:MAPPING?direction=in|out}, {@code hub-write:CONNECTION/OBJECT}.
 *
 * @param line and {@code path}: where the URI was written, for messages (0 and empty at runtime)
 */
public record HubEndpoint(Kind kind, String uri, String connection, String object, String mapping,
                          Map<String, String> parameters, int line, String path) {

    public enum Kind {
        READ("hub-read"), MAP("hub-map"), WRITE("hub-write"), SYNC("hub-sync");

        private final String scheme;

        Kind(String scheme) {
            this.scheme = scheme;
        }

        public String scheme() {
            return scheme;
        }
    }

    /** Parses a URI; empty when it is not a hub endpoint (other Camel components are Camel's business). */
    public static Optional<HubEndpoint> parse(String uri) {
        return parse(uri, Map.of(), 0, "");
    }

    /** Parses a URI found in a route file at {@code line}/{@code path}, merged with its {@code parameters:}. */
    public static Optional<HubEndpoint> parse(String uri, Map<String, String> extraParameters, int line, String path) {
        if (uri == null) {
            return Optional.empty();
        }
        int colon = uri.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String scheme = uri.substring(0, colon);
        Kind kind = null;
        for (Kind candidate : Kind.values()) {
            if (candidate.scheme.equals(scheme)) {
                kind = candidate;
            }
        }
        if (kind == null) {
            return Optional.empty();
        }
        String rest = uri.substring(colon + 1);
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        int question = rest.indexOf('?');
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                parameters.put(key, value);
            }
            rest = rest.substring(0, question);
        }
        if (extraParameters != null) {
            parameters.putAll(extraParameters);
        }
        String connection = null;
        String object = null;
        String mapping = null;
        if (kind == Kind.MAP) {
            mapping = rest;
        } else {
            mapping = kind == Kind.SYNC ? parameters.get("mapping") : null;
            int slash = rest.indexOf('/');
            connection = slash < 0 ? rest : rest.substring(0, slash);
            object = slash < 0 ? null : rest.substring(slash + 1);
        }
        return Optional.of(new HubEndpoint(kind, uri, connection, object, mapping, Map.copyOf(parameters), line, path));
    }
}
