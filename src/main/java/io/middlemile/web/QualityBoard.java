package io.middlemile.web;

import io.middlemile.store.QualityHistory;
import io.middlemile.workspace.Workspace;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;

/**
 * The data quality measurements of every hygiene file, as {@code middlemile quality report NAME} keeps them in the state
 * store: the same for the REST API ({@link QualityController}) and the console's quality page. The metrics are flat name →
 * number pairs: {@code records}, {@code clean} (share of records without a finding), {@code error}/{@code warning}/{@code
 * info} findings, {@code rule:R} findings per rule, and shares such as {@code completeness:Email}, {@code
 * conformance:Phone}, {@code duplicate rate:dedupe/contacts}.
 */
@Component
public class QualityBoard {

    /** The longest period asked for, in days (ten years). */
    public static final int MAX_DAYS = 3_660;

    /** A hygiene file and its measurements over the period, oldest first. */
    public record HygieneHistory(String name, String file, String source, int days, List<QualityHistory.Entry> measurements) {

        /** The newest measurement, or null when the file was never reported on in the period. */
        public QualityHistory.Entry latest() {
            return measurements.isEmpty() ? null : measurements.get(measurements.size() - 1);
        }
    }

    private final Workspace workspace;
    private final QualityHistory history;
    private final Clock clock = Clock.systemUTC();

    public QualityBoard(Workspace workspace, QualityHistory history) {
        this.workspace = workspace;
        this.history = history;
    }

    /** Every hygiene file of the workspace, by name, with its measurements of the last {@code days} days. */
    public List<HygieneHistory> all(int days) {
        checkDays(days);
        return new TreeMap<>(workspace.hygiene()).keySet().stream().map(name -> of(name, days)).toList();
    }

    /** One hygiene file's measurements; an unknown name is a {@link NoSuchHygieneException}. */
    public HygieneHistory of(String name, int days) {
        checkDays(days);
        var config = workspace.hygiene().get(name);
        if (config == null) {
            throw new NoSuchHygieneException("There is no hygiene file hygiene/" + name + ".yaml in this workspace; the files are "
                    + (workspace.hygiene().isEmpty() ? "none" : String.join(", ", new TreeMap<>(workspace.hygiene()).keySet())));
        }
        return new HygieneHistory(name, "hygiene/" + name + ".yaml", config.source(), days,
                history.since(name, clock.instant().minus(Duration.ofDays(days))));
    }

    private static void checkDays(int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS + ", not " + days);
        }
    }

    /** An unknown hygiene file: 404 with the names there are. */
    public static final class NoSuchHygieneException extends RuntimeException {
        NoSuchHygieneException(String message) {
            super(message);
        }
    }
}
