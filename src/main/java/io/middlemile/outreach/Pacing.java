package io.middlemile.outreach;

import java.time.Instant;
import java.util.Objects;

/** When one requested invitation goes: a {@link Slot} now, or {@link Deferred} to a later window. Never dropped. */
public sealed interface Pacing permits Pacing.Slot, Pacing.Deferred {

    /**
     * Send at {@code at} (not before) from {@code account}: within its working hours, its pause after the account's
     * previous invitation kept, its caps not exceeded.
     */
    record Slot(String account, Instant at) implements Pacing {
        public Slot {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Not now: no account has room in a window open now. Plan it again at {@code until}, the start of the next window
     * in which some account has room.
     *
     * @param why for the operator: which accounts are full or closed, and when the next window opens
     */
    record Deferred(Instant until, String why) implements Pacing {
        public Deferred {
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(why, "why");
        }
    }
}
