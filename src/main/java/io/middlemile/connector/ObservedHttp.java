package io.middlemile.connector;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A connection's HTTP client that tells a {@link CallObserver} of every exchange: its status and what the provider's
 * headers say is left of its quotas. It wraps the JDK client each provider builds, so no client method changes and no
 * call escapes it (token requests included). With {@link CallObserver#NONE} the provider's own client is used as is.
 */
public final class ObservedHttp extends HttpClient {

    private final HttpClient http;
    private final String connection;
    private final CallObserver observer;
    private final QuotaHeaders quota;

    private ObservedHttp(HttpClient http, String connection, CallObserver observer, QuotaHeaders quota) {
        this.http = http;
        this.connection = connection;
        this.observer = observer;
        this.quota = quota;
    }

    /** {@code http}, observed for {@code connection} unless {@code observer} is {@link CallObserver#NONE}. */
    public static HttpClient of(HttpClient http, String connection, CallObserver observer, QuotaHeaders quota) {
        return observer == CallObserver.NONE ? http : new ObservedHttp(http, connection, observer, quota);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        HttpResponse<T> response;
        try {
            response = http.send(request, handler);
        } catch (IOException e) {
            observer.answered(connection, 0);
            throw e;
        }
        observed(response);
        return response;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return http.sendAsync(request, handler).whenComplete((response, failure) -> observed(response));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushes) {
        return http.sendAsync(request, handler, pushes).whenComplete((response, failure) -> observed(response));
    }

    private void observed(HttpResponse<?> response) {
        if (response == null) {
            observer.answered(connection, 0);
            return;
        }
        observer.answered(connection, response.statusCode());
        quota.left(response.headers()).forEach((name, left) -> observer.quotaLeft(connection, name, left));
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return http.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return http.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return http.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return http.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return http.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return http.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return http.authenticator();
    }

    @Override
    public Version version() {
        return http.version();
    }

    @Override
    public Optional<Executor> executor() {
        return http.executor();
    }
}
