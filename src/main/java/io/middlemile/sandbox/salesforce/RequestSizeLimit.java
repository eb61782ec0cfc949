package io.middlemile.sandbox.salesforce;

import com.sun.net.httpserver.HttpExchange;

import java.util.List;
import java.util.Map;

/**
 * Salesforce's cap on the size of a request: the URI plus headers of one REST call at most 16,384 bytes. A request
 * whose URI alone is longer is answered 414 URI Too Long; one whose URI plus headers are longer, 431 Request Header
 * Fields Too Large (https://help.salesforce.com/s/articleView?id=000386264&type=1). A SOQL query travels in the URI
 * (GET .../query?q=...), percent-encoded, so a lookup of 200 Japanese names is far over it.
 *
 * <p>Measured on the request as the JDK server hands it over: the request line ({@code GET <uri as sent> HTTP/1.1})
 * and one {@code Name: value} line per header value. The server reads the head byte by byte into chars, so a
 * string's length is its size on the wire.
 *
 * <p>The JDK server (com.sun.net.httpserver) has limits of its own that apply first: a request line plus headers
 * over {@code sun.net.httpserver.maxReqHeaderSize} (380 KiB by default in JDK 17) or more than
 * {@code sun.net.httpserver.maxReqHeaders} (200) header lines make it close the connection without an answer, so a
 * client sees an I/O error there, not a 414 or 431. Both are far above Salesforce's limit.
 */
final class RequestSizeLimit {

    /** URI plus headers, in bytes. */
    static final int LIMIT = 16_384;

    /** Why a request is refused: its status and a short text. */
    record Refusal(int status, String text) {
    }

    private RequestSizeLimit() {
    }

    /** The refusal a request over the limit gets, or null when it is within it. */
    static Refusal check(HttpExchange exchange) {
        int requestLine = exchange.getRequestMethod().length() + 1 + exchange.getRequestURI().toString().length() + 1
                + exchange.getProtocol().length();
        if (requestLine > LIMIT) {
            return new Refusal(414, "URI Too Long: the request line is " + requestLine + " bytes; Salesforce accepts at most " + LIMIT
                    + " bytes of URI and headers");
        }
        int head = requestLine + 2 + headerBytes(exchange.getRequestHeaders());
        if (head > LIMIT) {
            return new Refusal(431, "Request Header Fields Too Large: the request line and headers are " + head
                    + " bytes; Salesforce accepts at most " + LIMIT + " bytes of URI and headers");
        }
        return null;
    }

    private static int headerBytes(Map<String, List<String>> headers) {
        int bytes = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                bytes += header.getKey().length() + 2 + value.length() + 2;
            }
        }
        return bytes;
    }
}
