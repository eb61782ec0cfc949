package io.middlemile.assign;

/**
 * One condition of a rule. A rule matches when all of its conditions hold. Implementations are immutable
 * and thread-safe.
 */
public sealed interface RuleCondition permits Territory, Segment, FieldCondition {

    /**
     * Null when the lead satisfies the condition, otherwise why not, in words an operator reads in a
     * decision ("country FR is not in [DE, AT, CH]").
     */
    String whyNot(Lead lead);
}
