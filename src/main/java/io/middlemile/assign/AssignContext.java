package io.middlemile.assign;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an assignment needs besides the lead and the rules, supplied by the caller for "now": the
 * accounts to match, the rotation state to load and save, the owners' workload and who is out of office.
 * {@code rotation} and {@code workload} change as leads are assigned.
 *
 * @param accounts    lead-to-account matching over the current accounts
 * @param rotation    round-robin state, persisted by the caller
 * @param workload    open leads and leads today per owner
 * @param outOfOffice owner ids who receive no leads now
 * @param why         for owners of {@code outOfOffice}, why (an explanation's words: "is inactive in the CRM", "has
 *                    left"); an owner without one "is out of office"
 */
public record AssignContext(AccountMatcher accounts, RoundRobinState rotation, Workload workload, Set<String> outOfOffice,
                            Map<String, String> why) {

    public AssignContext {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(rotation, "rotation");
        Objects.requireNonNull(workload, "workload");
        outOfOffice = outOfOffice == null ? Set.of() : Set.copyOf(outOfOffice);
        why = why == null ? Map.of() : Map.copyOf(why);
    }

    public AssignContext(AccountMatcher accounts, RoundRobinState rotation, Workload workload, Set<String> outOfOffice) {
        this(accounts, rotation, workload, outOfOffice, Map.of());
    }

    /** Why the owner takes no leads now, as an explanation says it ("is out of office"), or null when they do. */
    public String away(String owner) {
        return outOfOffice.contains(owner) ? why.getOrDefault(owner, "is out of office") : null;
    }

    /** No accounts, a fresh rotation, nobody loaded, everybody in. */
    public static AssignContext fresh() {
        return new AssignContext(new AccountMatcher(new AccountIndex(List.of())), RoundRobinState.empty(), Workload.empty(), Set.of());
    }
}
