package io.middlemile.govern;

/**
 * A policy's answer for one write: {@code AUTO} writes it, {@code REVIEW} parks it for a person,
 * {@code DENY} refuses it. {@code rule} names the rule that decided, for the journal and messages.
 */
public record Decision(Kind kind, String rule) {

    public enum Kind { AUTO, REVIEW, DENY }

    /** The stricter of two decisions (deny over review over auto). */
    public Decision stricter(Decision other) {
        return other.kind.ordinal() > kind.ordinal() ? other : this;
    }
}
