package io.middlemile.cluster;

import io.middlemile.connector.BudgetExhausted;
import io.middlemile.connector.CallWindow;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A {@link CallWindow} every node of a cluster counts in PostgreSQL ({@code api_window_calls}): a call takes its place in
 * a transaction holding the window's advisory lock, so places are counted whichever node calls, and the places' times
 * are the database's clock. A token bucket shared the same way cannot be exact here: it sees permits, not the calls in
 * flight, so a call that reaches the provider late (a busy node, a slow connection) and one that does not meet in one
 * second; its pace had to leave a sixth of the limit unused for that, and still let 429s through with three nodes
 * (ClusterBenchmark: 6 in 2,300 searches).
 *
 * <p>One transaction of two statements per place taken, one update per call answered. A node that finds the window
 * full waits until its oldest answered call is a window old (or polls while every place is a call in flight).
 */
final class SharedWindow implements CallWindow {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SharedWindow.class);

    /** A call unanswered this long past its window (the longest HTTP timeout) is a dead node's: it stops counting. */
    static final Duration ABANDONED = Duration.ofMinutes(3);
    /** How often a node looks again while every place is a call in flight (answers free places a window later anyway). */
    private static final long POLL_MILLIS = 10;

    private static final String TAKE = """
            with live as (
                select answered_at from api_window_calls
                where window_key = ? and (answered_at is null or answered_at > clock_timestamp() - ? * interval '1 millisecond')
                  and taken_at > clock_timestamp() - ? * interval '1 millisecond'),
            counted as (select count(*) as places, min(answered_at) as oldest from live),
            taken as (
                insert into api_window_calls (window_key) select ? from counted where places < ? returning id),
            aged as (
                delete from api_window_calls where window_key = ? and (answered_at <= clock_timestamp() - ? * interval '1 millisecond'
                  or taken_at <= clock_timestamp() - ? * interval '1 millisecond'))
            select (select id from taken),
                   extract(epoch from (select oldest from counted) + ? * interval '1 millisecond' - clock_timestamp()) * 1000
            """;

    private final DataSource database;
    private final String key;
    private final int permits;
    private final long windowMillis;
    private final long abandonedMillis;
    private final Duration wait;

    SharedWindow(DataSource database, String key, int permits, Duration window, Duration wait) {
        this.database = database;
        this.key = key;
        this.permits = permits;
        this.windowMillis = window.toMillis();
        this.abandonedMillis = window.plus(ABANDONED).toMillis();
        this.wait = wait;
    }

    @Override
    public <T> T call(Supplier<T> call) {
        long place = take();
        try {
            return call.get();
        } finally {
            answered(place);
        }
    }

    private long take() {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long[] tried = tryTake();
            if (tried[0] > 0) {
                return tried[0];
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new BudgetExhausted(key, wait);
            }
            try {
                Thread.sleep(Math.min(left, tried[1] > 0 ? tried[1] + 1 : POLL_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BudgetExhausted(key, wait);
            }
        }
    }

    /** The place taken (0 for none) and, when none, how many ms until the oldest answered call is a window old (0: none answered). */
    private long[] tryTake() {
        try (Connection connection = database.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    lock.setString(1, "api-window:" + key);
                    lock.execute();
                }
                long[] result = new long[2];
                try (PreparedStatement take = connection.prepareStatement(TAKE)) {
                    int i = 1;
                    take.setString(i++, key);
                    take.setLong(i++, windowMillis);
                    take.setLong(i++, abandonedMillis);
                    take.setString(i++, key);
                    take.setInt(i++, permits);
                    take.setString(i++, key);
                    take.setLong(i++, windowMillis);
                    take.setLong(i++, abandonedMillis);
                    take.setLong(i, windowMillis);
                    try (ResultSet row = take.executeQuery()) {
                        row.next();
                        result[0] = row.getLong(1);
                        double untilOldestAges = row.getDouble(2);
                        result[1] = row.wasNull() ? 0 : Math.max(1, (long) Math.ceil(untilOldestAges));
                    }
                }
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take a place in the cluster's call window " + key + " (table api_window_calls"
                    + " in the state store): " + e.getMessage() + ". Check that the state store's PostgreSQL is reachable.", e);
        }
    }

    private void answered(long place) {
        try (Connection connection = database.getConnection();
             PreparedStatement answered = connection.prepareStatement(
                     "update api_window_calls set answered_at = clock_timestamp() where id = ?")) {
            answered.setLong(1, place);
            answered.executeUpdate();
        } catch (SQLException e) {
            // the call itself is done (or failed on its own): the place then counts until it is abandoned, fewer calls for a
            // few minutes, never too many; failing the job for it would lose more than it keeps
            LOG.warn("Could not free a place in the cluster's call window {} (table api_window_calls): {}. It frees itself within"
                    + " {} minutes; until then this connection makes fewer calls. Check that the state store's PostgreSQL is reachable.",
                    key, e.getMessage(), ABANDONED.toMinutes());
        }
    }
}
