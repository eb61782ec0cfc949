package io.middlemile.outreach;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The summary counts what a run did and prints the lines `job run` shows. */
class OutreachSummaryTest {

    @Test
    void countsByReasonAndKeepsTheEarliestDeferral() {
        OutreachSummary.Tally tally = new OutreachSummary.Tally("q4");
        tally.enrolled().enrolled().invited();
        tally.suppressed(new Suppressed(Suppressed.Reason.CUSTOMER, "lifecycleStage is customer"));
        tally.suppressed(new Suppressed(Suppressed.Reason.OPTED_OUT, "emailOptOut is true"));
        tally.suppressed(new Suppressed(Suppressed.Reason.CUSTOMER, "lifecycleStage is customer"));
        tally.deferred(new Pacing.Deferred(Instant.parse("2026-12-08T08:00:00Z"), "later"));
        tally.deferred(new Pacing.Deferred(Instant.parse("2026-12-07T08:00:00Z"), "account acc_emea reached 80 invitations today"));
        tally.rejected("invitation note lacks firstName").rejected("invalid email").rejected("invitation note lacks firstName");
        tally.eventsWritten(4);

        OutreachSummary summary = tally.summary();

        assertThat(summary.lines()).containsExactly(
                "outreach q4: 2 enrolled in Instantly, 1 invited on LinkedIn",
                "  suppressed 3: opted out 1, customer 2",
                "  deferred 2 until 2026-12-07 08:00 UTC: account acc_emea reached 80 invitations today",
                "  rejected 3: invitation note lacks firstName 2, invalid email 1",
                "  events written back to the CRM: 4");
    }

    @Test
    void interestUpdatesDecidedInReviewAreSaidAloneOrUnderTheSendsAndTheirLinesAreCut() {
        OutreachSummary.Tally alone = new OutreachSummary.Tally("q4").interestDecided(true, "set won for ana@acme.com ...");
        for (int i = 0; i < 11; i++) {
            alone.interestDecided(false, "not set: lost for p" + i + "@acme.com ...: review #" + i + " was rejected by ops@acme.com");
        }
        assertThat(alone.summary().lines()).hasSize(12).startsWith(
                "outreach q4: interest updates decided in review: 1 set in Instantly, 11 not set",
                "  set won for ana@acme.com ...").endsWith("  ... and 2 more (the run's log has each)");

        OutreachSummary both = new OutreachSummary.Tally("q4").enrolled().interestDecided(true, "set won for ana@acme.com ...").summary();
        assertThat(both.lines()).containsExactly(
                "outreach q4: 1 enrolled in Instantly, 0 invited on LinkedIn",
                "  suppressed 0",
                "  deferred 0",
                "  rejected 0",
                "  interest updates decided in review: 1 set in Instantly, 0 not set",
                "    set won for ana@acme.com ...");
        assertThat(both.plus(alone.summary()).interestSet()).isEqualTo(2);
    }

    @Test
    void summariesOfPagesAddUpAndAnEmptyRunSaysSo() {
        OutreachSummary first = new OutreachSummary.Tally("q4").enrolled()
                .deferred(new Pacing.Deferred(Instant.parse("2026-12-08T08:00:00Z"), "b")).summary();
        OutreachSummary second = new OutreachSummary.Tally("q4").invited()
                .suppressed(new Suppressed(Suppressed.Reason.FREE_MAIL, "x"))
                .deferred(new Pacing.Deferred(Instant.parse("2026-12-07T08:00:00Z"), "a")).summary();

        OutreachSummary both = first.plus(second);

        assertThat(both.enrolled()).isEqualTo(1);
        assertThat(both.invited()).isEqualTo(1);
        assertThat(both.deferred()).isEqualTo(2);
        assertThat(both.deferredUntil()).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(both.deferredWhy()).isEqualTo("a");
        assertThat(both.suppressedTotal()).isEqualTo(1);
        assertThat(OutreachSummary.empty("q4").lines()).containsExactly(
                "outreach q4: 0 enrolled in Instantly, 0 invited on LinkedIn",
                "  suppressed 0",
                "  deferred 0",
                "  rejected 0");
    }
}
