package io.middlemile.web;

import java.io.IOException;

/** A request body grew past the cap while it was read; answered with 413. */
public final class BodyTooLargeException extends IOException {

    BodyTooLargeException(long maxBytes) {
        super(message(maxBytes));
    }

    static String message(long maxBytes) {
        return "The request body is larger than this engine accepts (" + maxBytes + " bytes; the setting is"
                + " middlemile.http.max-body-size); nothing of it was read or recorded. Send smaller requests, or raise the"
                + " setting if this sender is trusted";
    }
}
