package io.middlemile.govern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The policy's answer for one write: {@code AUTO} writes it, {@code REVIEW} parks it for a person,
 * {@code DENY} refuses it. {@code rule} names the rule that decided, for the journal and messages.
 * (Named apart from the dedupe engine's match decision and the review queue's approve/reject.)
 */
public record PolicyVerdict(Kind kind, String rule) {

    /** {@link #id()} is the word workspace files, plan files (JSON) and the journal use: auto, review, deny. */
    public enum Kind {
        AUTO, REVIEW, DENY;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** From {@link #id()} (any case, as workspace files have always been read). */
        @JsonCreator
        public static Kind of(String id) {
            return Arrays.stream(values()).filter(k -> k.id().equalsIgnoreCase(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown policy decision \"" + id + "\"; expected one of "
                            + Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", "))));
        }
    }

    /** The stricter of two verdicts (deny over review over auto). */
    public PolicyVerdict stricter(PolicyVerdict other) {
        return other.kind.ordinal() > kind.ordinal() ? other : this;
    }

    /** auto, review or deny: the word the workspace files, plans and the journal use. */
    public String id() {
        return kind.id();
    }
}
