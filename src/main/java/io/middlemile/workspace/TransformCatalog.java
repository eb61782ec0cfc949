package io.middlemile.workspace;

import java.util.Optional;
import java.util.Set;

/**
 * What the workspace validator needs to know about transforms, implemented by the mapping package:
 * which names exist, whether their arguments make sense, and what a line can {@code take} from them.
 */
public interface TransformCatalog {

    /** Every transform name, for "expected one of" messages. */
    Set<String> names();

    /** The transforms that are standardizers (they judge a value valid, fixable or invalid), for hygiene rules. */
    default Set<String> standardizers() {
        return names();
    }

    /** Empty when the transform and its arguments are usable, otherwise what is wrong and what is expected. */
    Optional<String> problem(TransformSpec spec);

    /**
     * What a line may take from its last transform besides its value: {@code key} for standardizers
     * that make match keys, plus their attribute names (e.g. {@code seniority}). Empty for plain text transforms.
     */
    Set<String> outputs(String name);

    /** The canonical type a standardizer's value has (an email, a phone, ...), empty for plain text. */
    Optional<io.middlemile.model.FieldType> produces(String name);
}
