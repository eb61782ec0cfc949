package io.middlemile.assign;

import java.util.List;
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
 */
public record AssignContext(AccountMatcher accounts, RoundRobinState rotation, Workload workload, Set<String> outOfOffice) {

    public AssignContext {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(rotation, "rotation");
        Objects.requireNonNull(workload, "workload");
        outOfOffice = outOfOffice == null ? Set.of() : Set.copyOf(outOfOffice);
    }

    /** No accounts, a fresh rotation, nobody loaded, everybody in. */
    public static AssignContext fresh() {
        return new AssignContext(new AccountMatcher(new AccountIndex(List.of())), RoundRobinState.empty(), Workload.empty(), Set.of());
    }
}
