package io.middlemile.camel;

import io.middlemile.sync.Batch;
import org.apache.camel.Exchange;

/** Access to the page carried by an exchange, with a clear message when a route lost it. */
final class Pages {
    private Pages() {
    }

    static Batch batch(Exchange exchange, String step) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Batch batch) {
            return batch;
        }
        throw new IllegalStateException(step + " expects a page from hub-read, got "
                + (body == null ? "nothing" : body.getClass().getSimpleName()) + "; hub steps belong in a route that starts with hub-read");
    }
}
