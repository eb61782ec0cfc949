package io.middlemile.assign;

import java.util.HashMap;
import java.util.Map;

/**
 * How many leads each owner holds now (open) and has received today, for capacity checks. The caller
 * counts them (CRM or store) at the start of a batch; every assignment adds one to both, so capacity
 * binds within the batch too. Not thread-safe: one batch owns it.
 */
public final class Workload {

    private final Map<String, int[]> counts = new HashMap<>();

    public static Workload empty() {
        return new Workload();
    }

    /** Counts as of now: owner → open leads, owner → leads received today (missing owners count 0). */
    public static Workload of(Map<String, Integer> openLeads, Map<String, Integer> leadsToday) {
        Workload workload = new Workload();
        openLeads.forEach((owner, n) -> workload.counts(owner)[0] = n);
        leadsToday.forEach((owner, n) -> workload.counts(owner)[1] = n);
        return workload;
    }

    public int openLeads(String owner) {
        int[] c = counts.get(owner);
        return c == null ? 0 : c[0];
    }

    public int leadsToday(String owner) {
        int[] c = counts.get(owner);
        return c == null ? 0 : c[1];
    }

    /** One more lead for {@code owner}. */
    public void assigned(String owner) {
        int[] c = counts(owner);
        c[0]++;
        c[1]++;
    }

    private int[] counts(String owner) {
        return counts.computeIfAbsent(owner, o -> new int[2]);
    }
}
