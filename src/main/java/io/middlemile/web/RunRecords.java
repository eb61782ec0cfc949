package io.middlemile.web;

import io.middlemile.store.RecordOutcome;
import io.middlemile.store.RunStore;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A run's records of one outcome, a page at a time, with their reasons and raw input: for the REST API and the console. */
@Component
public class RunRecords {

    /** Most records one page returns. */
    public static final int MAX_PAGE = 1_000;

    private final RunStore runs;

    public RunRecords(RunStore runs) {
        this.runs = runs;
    }

    /** One page of a run's records of one outcome. */
    public record RecordsPage(long run, String outcome, int offset, int limit, List<RecordOutcome> records) {
    }

    /**
     * @param outcome {@code written}, {@code skipped} or {@code rejected}; anything else is an IllegalArgumentException that
     *                says which words there are
     * @return empty when there is no such run
     */
    public Optional<RecordsPage> page(long run, String outcome, int offset, int limit) {
        RecordOutcome.Outcome wanted = Arrays.stream(RecordOutcome.Outcome.values()).filter(o -> o.db().equals(outcome)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("outcome=" + outcome + " is not a record outcome; use written, skipped"
                        + " or rejected"));
        Paging.offset(offset);
        Paging.limit(limit, MAX_PAGE);
        if (runs.find(run).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RecordsPage(run, outcome, offset, limit, runs.outcomes(run, wanted, offset, limit)));
    }
}
