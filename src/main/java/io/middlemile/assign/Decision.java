package io.middlemile.assign;

import java.util.List;

/**
 * Where a lead went and why: the owner, the rule that fired, how that rule chose, and for every earlier
 * rule why it did not take the lead.
 *
 * @param owner    the owner id, or null when no rule took the lead
 * @param rule     the rule that fired, or null
 * @param reason   how the rule chose the owner (or why nobody was chosen)
 * @param fallback true when the owner is the rule's fallback, not its action's choice
 * @param skipped  the earlier rules, in order, each with why it did not take the lead
 */
public record Decision(String owner, String rule, String reason, boolean fallback, List<Skipped> skipped) {

    /** A rule that did not take the lead. */
    public record Skipped(String rule, String why) {
    }

    public Decision {
        skipped = List.copyOf(skipped);
    }

    public boolean assigned() {
        return owner != null;
    }

    /**
     * The decision on one line, as the journal keeps it beside the owner it wrote: {@code rule "X" fired: why;
     * earlier rules skipped: "A" (why), "B" (why)}; for a lead nobody took, {@code no rule took the lead; rules skipped: ...}.
     */
    public String line() {
        StringBuilder text = new StringBuilder();
        if (owner == null) {
            text.append(reason);
        } else {
            text.append("rule \"").append(rule).append("\" fired").append(fallback ? " (its fallback " + owner + ")" : "")
                    .append(": ").append(reason);
        }
        for (int i = 0; i < skipped.size(); i++) {
            Skipped skip = skipped.get(i);
            text.append(i > 0 ? ", " : owner == null ? "; rules skipped: " : "; earlier rules skipped: ").append('"').append(skip.rule()).append("\" (").append(skip.why()).append(')');
        }
        return text.toString();
    }

    /** The decision as an operator reads it: the outcome first, then one line per earlier rule. */
    public String explain() {
        StringBuilder text = new StringBuilder();
        if (owner == null) {
            text.append("not assigned: ").append(reason);
        } else {
            text.append("assigned to ").append(owner).append(" by rule \"").append(rule).append("\"")
                    .append(fallback ? " (fallback)" : "").append(": ").append(reason);
        }
        for (Skipped skip : skipped) {
            text.append(System.lineSeparator()).append("  rule \"").append(skip.rule()).append("\" skipped: ").append(skip.why());
        }
        return text.toString();
    }
}
