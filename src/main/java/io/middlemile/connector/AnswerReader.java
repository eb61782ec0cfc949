package io.middlemile.connector;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.ConnectorException.Kind;

/**
 * Reads the answers of one connection of an HTTP provider, the same way for every connector.
 *
 * <p>An answer that cannot be read is a {@link Kind#FATAL} failure and is never retried: the same bytes fail the
 * same way on every attempt. That covers malformed JSON (an HTML error page from a proxy, a cut-off body) and JSON
 * beyond Jackson's {@code StreamReadConstraints} (nesting deeper than 1,000 levels, a number longer than 1,000
 * characters, a string longer than 20,000,000 characters), which a provider bug or a hostile endpoint can send.
 * Retrying such an answer only spends the request budget and delays the error by a minute.
 *
 * <p>{@link CallGuard} also refuses to retry any failure whose cause is a Jackson read error
 * ({@link #unreadable(Throwable)}), so a connector that reads an answer on its own cannot retry it either.
 */
public final class AnswerReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 200;

    private final String provider;
    private final String connectionId;

    public AnswerReader(String provider, String connectionId) {
        this.provider = provider;
        this.connectionId = connectionId;
    }

    /** The answer as a JSON tree (an empty object for an empty body); an unreadable body is a FATAL failure. */
    public JsonNode json(String call, int status, String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw unreadable(call, status, "JSON", why(e), e);
        }
    }

    /**
     * The failure for an answer that cannot be read.
     *
     * @param format what the answer should have been (JSON, XML)
     * @param why    what is wrong with it, for the ops person reading the run's error
     */
    public ConnectorException unreadable(String call, int status, String format, String why, Throwable cause) {
        return new ConnectorException(Kind.FATAL, provider + " connection '" + connectionId + "', " + call + ": the HTTP " + status
                + " answer cannot be read as " + format + " (" + why + "). Reading the same answer again fails the same way, so the"
                + " call was not retried. If the call writes records, check them in " + provider + " before running the job again."
                + " If it keeps happening, check that the connection's baseUrl points at " + provider + "'s API (not a proxy or a"
                + " login page) and report the call and its time to " + provider + " support.", cause);
    }

    /** Whether a failure comes from reading an answer (a Jackson read error anywhere in its causes): never worth a retry. */
    public static boolean unreadable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JacksonException) {
                return true;
            }
        }
        return false;
    }

    private static String why(JsonProcessingException e) {
        String detail = e.getOriginalMessage();
        if (detail != null && detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL) + "...";
        }
        return e instanceof StreamConstraintsException
                ? "it is beyond the JSON reader's safety limits: " + detail
                : "it is not valid JSON: " + detail;
    }
}
