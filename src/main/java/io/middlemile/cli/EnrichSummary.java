package io.middlemile.cli;

import io.middlemile.enrich.Tally;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The enrichment part of a job run's summary: per waterfall and provider, what was asked, found, skipped and spent. */
final class EnrichSummary {

    private EnrichSummary() {
    }

    static void print(PrintStream out, Map<String, Tally> tallies, boolean planned) {
        tallies.forEach((waterfall, tally) -> {
            out.println();
            if (planned) {
                out.printf("Enrichment %s (plan: nothing was called or spent; the first provider each record would be asked):%n",
                        waterfall);
                out.printf("  %-12s %8s %12s%n", "provider", "lookups", "credits ≤");
                tally.byConnection().forEach((connection, c) -> out.printf("  %-12s %,8d %12s%n", connection, c.lookups, number(c.credits)));
                out.printf("  at most %s for the first providers; more if they miss and the next ones are asked%n", money(tally.cost()));
                return;
            }
            out.printf("Enrichment %s:%n", waterfall);
            out.printf("  %-12s %7s %6s %6s %8s %7s %8s %8s %9s %8s%n", "provider", "lookups", "hits", "misses", "refused", "cached",
                    "skipped", "pending", "credits", "cost");
            tally.byConnection().forEach((connection, c) -> out.printf("  %-12s %,7d %,6d %,6d %,8d %,7d %,8d %,8d %9s %8s%n", connection,
                    c.lookups, c.hits, c.misses, c.rejected, c.cached, c.skippedTotal(), c.pending, number(c.credits), money(c.cost)));
            out.printf("  total cost %s%n", money(tally.cost()));
            tally.byConnection().forEach((connection, c) -> c.skipped.forEach((reason, n) ->
                    out.printf("  skipped at %s: %,d × %s%n", connection, n, reason)));
            // named here, not only in the records' notes: a record otherwise unchanged is skipped and its notes not shown
            tally.byConnection().forEach((connection, c) -> {
                if (!c.waitingForReview.isEmpty()) {
                    out.printf("  held back at %s: waiting for review %s; after `middlemile review approve N` the job's next run"
                            + " makes that lookup%n", connection, reviews(c.waitingForReview));
                }
                if (!c.rejectedInReview.isEmpty()) {
                    out.printf("  not asked at %s: rejected in review %s; not parked for review again%n", connection,
                            reviews(c.rejectedInReview));
                }
                if (!c.madeAfterReview.isEmpty()) {
                    out.printf("  made at %s as approved in review %s; records this run did not read are read again to write what"
                            + " was found%n", connection, reviews(c.madeAfterReview));
                }
                c.droppedAfterReview.entrySet().stream().limit(REVIEWS_SHOWN).forEach(dropped ->
                        out.printf("  dropped at %s: %s%n", connection, dropped.getValue()));
                if (c.droppedAfterReview.size() > REVIEWS_SHOWN) {
                    out.printf("  dropped at %s: %,d more (`middlemile review list --all`)%n", connection,
                            c.droppedAfterReview.size() - REVIEWS_SHOWN);
                }
            });
            if (tally.pending() > 0) {
                out.printf("  %,d %s still pending at the provider. Their records were written with what they have; the next"
                        + " run collects the answers (nothing is submitted again) and queues those records for"
                        + " `middlemile job retry-failed`%n", tally.pending(), tally.pending() == 1 ? "lookup is" : "lookups are");
            }
        });
    }

    /** Review items as "#3, #7", the first {@value #REVIEWS_SHOWN} of them, then how many more. */
    private static String reviews(Set<Long> ids) {
        String shown = ids.stream().limit(REVIEWS_SHOWN).map(id -> "#" + id).collect(Collectors.joining(", "));
        return ids.size() <= REVIEWS_SHOWN ? shown : shown + " and " + (ids.size() - REVIEWS_SHOWN) + " more (`middlemile review list`)";
    }

    private static final int REVIEWS_SHOWN = 20;

    private static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value) : String.format(Locale.ROOT, "%,.2f", value);
    }

    private static String money(double value) {
        return String.format(Locale.ROOT, "%,.2f", value);
    }
}
