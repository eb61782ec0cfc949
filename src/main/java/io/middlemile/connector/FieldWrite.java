package io.middlemile.connector;

import java.time.Instant;
import java.util.Set;

/**
 * How one field of a {@link TargetRecord} may be written over the target's current value, as the
 * mapping's write rule says. The governed write path applies it against the target's current state.
 *
 * @param rule        {@code always}, {@code if-empty} or {@code prefer-newest}
 * @param setAt       when the value was set at its source (for prefer-newest); null if unknown
 * @param equivalents provider values that mean the same canonical value: a current value among them is left alone
 * @param ours        the value the hub itself last wrote to this field (the owner an assignment gave the lead), or null:
 *                    when the target now holds another, non-empty value, a person changed it there and it is kept
 */
public record FieldWrite(String rule, Instant setAt, Set<String> equivalents, String ours) {

    public static final FieldWrite ALWAYS = new FieldWrite("always", null, Set.of());

    public FieldWrite {
        equivalents = equivalents == null ? Set.of() : Set.copyOf(equivalents);
    }

    public FieldWrite(String rule, Instant setAt, Set<String> equivalents) {
        this(rule, setAt, equivalents, null);
    }

    /** The same rule, knowing the hub last wrote {@code value} to the field (as its journal says). */
    public FieldWrite withOurs(String value) {
        return new FieldWrite(rule, setAt, equivalents, value);
    }
}
