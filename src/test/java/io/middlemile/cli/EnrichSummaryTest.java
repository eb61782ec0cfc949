package io.middlemile.cli;

import io.middlemile.enrich.Tally;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a run's summary says of lookups held back for review that earlier runs kept: made, rejected, dropped, waiting. */
class EnrichSummaryTest {

    @Test
    void theSummarySaysWhichHeldBackLookupsWereMadeDroppedOrStillWait() {
        Tally tally = new Tally();
        Tally.Counts crustdata = tally.of("crustdata");
        crustdata.madeAfterReview.add(3L);
        crustdata.rejectedInReview.add(4L);
        crustdata.waitingForReview.add(6L);
        crustdata.droppedAfterReview.put(5L, "review #5 expired before anyone approved it; the lookup is held back for review again"
                + " when the job reads the record next");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        EnrichSummary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), Map.of("contacts", tally), false);

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("  made at crustdata as approved in review #3; records this run did not read are read again to write what"
                        + " was found\n")
                .contains("  not asked at crustdata: rejected in review #4; not parked for review again\n")
                .contains("  dropped at crustdata: review #5 expired before anyone approved it; the lookup is held back for review"
                        + " again when the job reads the record next\n")
                .contains("  held back at crustdata: waiting for review #6;");
    }
}
