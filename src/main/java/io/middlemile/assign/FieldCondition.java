package io.middlemile.assign;

import io.middlemile.mapping.When;
import io.middlemile.workspace.Condition;

import java.util.Objects;

/**
 * Any canonical field tested with the mapping's {@code when:} operators (equals, in, matches, notEmpty),
 * evaluated by the same {@link When} so the words mean the same in a mapping and in a rule.
 *
 * @param when the compiled condition; its field is a canonical field of the lead or its company
 */
public record FieldCondition(When when) implements RuleCondition {

    public FieldCondition {
        Objects.requireNonNull(when, "when");
    }

    public static FieldCondition of(Condition condition) {
        return new FieldCondition(When.of(Objects.requireNonNull(condition, "condition")));
    }

    @Override
    public String whyNot(Lead lead) {
        String value = lead.value(when.field());
        When.Failed failed = when.failed(value);
        if (failed == null) {
            return null;
        }
        return when.field() + (value == null ? " is empty" : " is \"" + value + "\"") + ", expected " + when.expected(failed);
    }
}
