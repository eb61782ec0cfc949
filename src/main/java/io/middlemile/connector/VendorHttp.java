package io.middlemile.connector;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The JDK HTTP client every connector calls its vendor with: one for the engine process. A job run opens its connections
 * anew, and a client per connection per run left behind, until a garbage collection happened to find it, a selector
 * thread and its kept-alive sockets (46 clients were alive during OutreachBenchmark's job runs). One client also keeps
 * its connections to a vendor from one run to the next, so a run every minute does not open a new TLS session every
 * minute. The JDK's client is made to be shared: thread-safe, one connection pool per host.
 */
public final class VendorHttp {

    /** How long a connection to a vendor may take to open before the call fails (and is retried as its guard says). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    private VendorHttp() {
    }

    public static HttpClient client() {
        return CLIENT;
    }
}
