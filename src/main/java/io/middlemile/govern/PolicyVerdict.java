package io.middlemile.govern;

import java.util.Locale;

/**
 * The policy's answer for one write: {@code AUTO} writes it, {@code REVIEW} parks it for a person,
 * {@code DENY} refuses it. {@code rule} names the rule that decided, for the journal and messages.
 * (Named apart from the dedupe engine's match decision and the review queue's approve/reject.)
 */
public record PolicyVerdict(Kind kind, String rule) {

    public enum Kind { AUTO, REVIEW, DENY }

    /** The stricter of two verdicts (deny over review over auto). */
    public PolicyVerdict stricter(PolicyVerdict other) {
        return other.kind.ordinal() > kind.ordinal() ? other : this;
    }

    /** auto, review or deny: the word the workspace files, plans and the journal use. */
    public String id() {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
