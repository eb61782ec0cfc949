package io.middlemile.assign;

import io.middlemile.assign.Action.Member;
import io.middlemile.assign.Action.Pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Smooth weighted round robin (as nginx balances upstreams) over a pool's available members. Each pick adds
 * every available member's weight to its current weight, takes the highest (first in pool order on a tie) and
 * subtracts the available total from the winner. Over any run the shares follow the weights exactly and the
 * picks are interleaved (a b a c b a for 3:2:1), not bunched. Members out of office or at capacity take no
 * part in a pick, so the others share their leads by weight.
 */
final class RoundRobin {

    /** The picked owner, or null; {@code skipped} says who was unavailable and why (empty when nobody was). */
    record Pick(String owner, List<String> skipped) {
    }

    private RoundRobin() {
    }

    /** @param away why an owner takes no leads now (out of office, inactive, left), or null when they do */
    static Pick pick(Pool pool, RoundRobinState state, Workload workload, java.util.function.Function<String, String> away) {
        List<String> skipped = null;
        Member best = null;
        long bestCurrent = 0;
        long total = 0;
        for (Member member : pool.members()) {
            String why = unavailable(member, workload, away);
            if (why != null) {
                if (skipped == null) {
                    skipped = new ArrayList<>(pool.members().size());
                }
                skipped.add(member.owner() + " " + why);
                continue;
            }
            long current = state.current(pool.name(), member.owner()) + member.weight();
            state.set(pool.name(), member.owner(), current);
            total += member.weight();
            if (best == null || current > bestCurrent) {
                best = member;
                bestCurrent = current;
            }
        }
        if (best != null) {
            state.set(pool.name(), best.owner(), bestCurrent - total);
        }
        return new Pick(best == null ? null : best.owner(), skipped == null ? List.of() : skipped);
    }

    /** Null when the member can take a lead now, else why not. */
    static String unavailable(Member member, Workload workload, java.util.function.Function<String, String> away) {
        String gone = away.apply(member.owner());
        if (gone != null) {
            return gone;
        }
        Integer open = member.capacity().openLeads();
        if (open != null && workload.openLeads(member.owner()) >= open) {
            return "is at capacity (" + workload.openLeads(member.owner()) + " of " + open + " open leads)";
        }
        Integer perDay = member.capacity().leadsPerDay();
        if (perDay != null && workload.leadsToday(member.owner()) >= perDay) {
            return "is at capacity (" + workload.leadsToday(member.owner()) + " of " + perDay + " leads today)";
        }
        return null;
    }
}
