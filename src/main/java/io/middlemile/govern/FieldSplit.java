package io.middlemile.govern;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A record's changed fields sorted by the policy: what is written now, what waits for a person,
 * what is refused. Pure data, made by {@link PolicyGate#split}.
 *
 * @param strictest   the strictest verdict over all fields (decides a create, which is all or nothing)
 * @param autoRule    the first verdict that let a field through, or null
 * @param reviewRule  the first verdict that parked a field, or null
 * @param deniedRules one "field (rule)" per refused field
 */
record FieldSplit(Map<String, Object> auto, Map<String, Object> review, Map<String, Object> denied, List<String> deniedRules,
                  PolicyVerdict strictest, PolicyVerdict autoRule, PolicyVerdict reviewRule) {

    /** Keeps the fields in the record's order (the journal and the written record follow it); values may be null (a cleared field). */
    FieldSplit {
        auto = Collections.unmodifiableMap(new LinkedHashMap<>(auto));
        review = Collections.unmodifiableMap(new LinkedHashMap<>(review));
        denied = Collections.unmodifiableMap(new LinkedHashMap<>(denied));
        deniedRules = List.copyOf(deniedRules);
    }

    /**
     * A record is created whole or not at all, so a create waits for review or is refused as a whole
     * when any of its fields is; an update writes its auto fields and holds the others back.
     */
    boolean blocksCreate(WriteAction action) {
        return action == WriteAction.CREATE && strictest.kind() != PolicyVerdict.Kind.AUTO;
    }

    /** The refused fields as one verdict, for the plan and the record's note. */
    PolicyVerdict deniedVerdict() {
        return new PolicyVerdict(PolicyVerdict.Kind.DENY, String.join(", ", deniedRules));
    }

    /** The fields the target will not hold after this write: kept by write rules, waiting for review, or refused. */
    Set<String> notWritten(Set<String> keptByWriteRules) {
        Set<String> fields = new LinkedHashSet<>(keptByWriteRules);
        fields.addAll(review.keySet());
        fields.addAll(denied.keySet());
        return fields;
    }
}
