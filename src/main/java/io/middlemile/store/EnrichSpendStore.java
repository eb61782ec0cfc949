package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The credits enrichment lookups spent (table {@code enrich_spend}), one row per lookup a provider answered:
 * what budgets per day and month are checked against, and what {@code middlemile enrich report} reads.
 */
@Component
public class EnrichSpendStore {

    /**
     * One answered lookup.
     *
     * @param segment the record's segment ({@code enrich.Segment}), or "" when not known
     */
    public record Spend(Long runId, String job, String waterfall, String group, String connection, String lookupKey,
                        List<String> asked, List<String> found, double credits, double cost, Instant spentAt, String segment) {

        public Spend {
            segment = segment == null ? "" : segment;
        }

        public Spend(Long runId, String job, String waterfall, String group, String connection, String lookupKey,
                     List<String> asked, List<String> found, double credits, double cost, Instant spentAt) {
            this(runId, job, waterfall, group, connection, lookupKey, asked, found, credits, cost, spentAt, "");
        }
    }

    private static final String COLUMNS = "run_id, job, waterfall, grp, connection, lookup_key, asked, found, credits, cost, spent_at,"
            + " segment";
    private static final org.springframework.jdbc.core.RowMapper<Spend> ROW = (rs, n) -> new Spend((Long) rs.getObject(1),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), split(rs.getString(7)),
            split(rs.getString(8)), rs.getDouble(9), rs.getDouble(10), rs.getTimestamp(11).toInstant(), rs.getString(12));

    private final JdbcTemplate jdbc;

    public EnrichSpendStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(List<Spend> spends) {
        if (spends.isEmpty()) {
            return;
        }
        // one statement for a provider call's lookups, not one per row
        jdbc.batchUpdate("insert into enrich_spend (run_id, job, waterfall, grp, connection, lookup_key, segment, asked, found, credits,"
                + " cost) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", spends.stream().map(spend -> new Object[] {spend.runId(), spend.job(),
                spend.waterfall(), spend.group(), spend.connection(), spend.lookupKey(), spend.segment(), String.join(",", spend.asked()),
                String.join(",", spend.found()), BigDecimal.valueOf(spend.credits()), BigDecimal.valueOf(spend.cost())}).toList());
    }

    /** Credits a connection spent since a moment, every waterfall and job together. */
    public double creditsSince(String connection, Instant since) {
        BigDecimal sum = jdbc.queryForObject("select coalesce(sum(credits), 0) from enrich_spend where connection = ? and spent_at >= ?",
                BigDecimal.class, connection, Timestamp.from(since));
        return sum == null ? 0 : sum.doubleValue();
    }

    /** What a waterfall spent since a moment, in its currency. */
    public double costSince(String waterfall, Instant since) {
        BigDecimal sum = jdbc.queryForObject("select coalesce(sum(cost), 0) from enrich_spend where waterfall = ? and spent_at >= ?",
                BigDecimal.class, waterfall, Timestamp.from(since));
        return sum == null ? 0 : sum.doubleValue();
    }

    /** Every lookup of a waterfall since a moment, oldest first, for the report. */
    public List<Spend> since(String waterfall, Instant since) {
        return jdbc.query("select " + COLUMNS + " from enrich_spend where waterfall = ? and spent_at >= ? order by id", ROW, waterfall,
                Timestamp.from(since));
    }


    private static List<String> split(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split(","));
    }
}
