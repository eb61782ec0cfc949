package io.middlemile.quality;

/**
 * What one rule found wrong with one record.
 *
 * @param rule      the rule's name, as its file names it
 * @param field     the field concerned, or null for the record as a whole
 * @param current   the value it holds now (null: empty)
 * @param suggested the value a clean-up would write, or null when a person has to supply it
 * @param owner     who owns the record, so the finding can go to them
 * @param message   what is wrong, in words for the record's owner
 */
public record Finding(String rule, Severity severity, String object, String recordId, String field, String current,
                      String suggested, String owner, String message) {

    /** True when a clean-up job can fix it without a person: the rule knows the right value. */
    public boolean fixable() {
        return suggested != null;
    }
}
