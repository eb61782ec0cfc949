package io.middlemile.connector;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * A call that got no answer, in words, for every error classifier's message. The JDK's HTTP client says a refused
 * connection as a {@code ConnectException} without a message, and an unknown host as one too, with the reason two causes
 * down, so its class name and message alone read "ConnectException: null" to the person who has to find which of the
 * network, the address or the provider is at fault.
 */
public final class NoAnswer {

    private NoAnswer() {
    }

    /** What went wrong with the call, e.g. "the connection was refused (nothing listens at the connection's baseUrl, ...)". */
    public static String describe(IOException failure) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "connecting timed out (no answer from the connection's baseUrl: a firewall or a wrong address)";
        }
        if (failure instanceof HttpTimeoutException) {
            return "no answer within the time-out";
        }
        if (cause(failure, UnresolvedAddressException.class) != null || cause(failure, UnknownHostException.class) != null) {
            return "the host name is not known (check the connection's baseUrl and this machine's DNS)";
        }
        SSLException tls = cause(failure, SSLException.class);
        if (tls != null) {
            return "the TLS handshake failed (" + tls.getMessage() + "; check the connection's baseUrl and any proxy that"
                    + " intercepts HTTPS)";
        }
        if (cause(failure, ConnectException.class) != null) {
            return "the connection was refused (nothing listens at the connection's baseUrl, or a firewall turned it away)";
        }
        return "the connection failed (" + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()) + ")";
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
