package io.middlemile.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * Gives the space of rows a store replaced in bulk back to the tables, for the next save to reuse. PostgreSQL's
 * autovacuum would do it, but it looks at tables once a minute, and a command that starts the embedded store for one
 * run ends in seconds: without this a workspace whose dedupe runs from the command line (a scheduled job, say) kept
 * every replaced match index and every dropped run, dead, on disk: after some thirty runs of a million contacts the
 * match index's table took 4.3 GB for the 0.15 GB of the one index alive.
 * https://www.postgresql.org/docs/current/sql-vacuum.html
 */
final class Vacuum {

    private static final Logger LOG = LoggerFactory.getLogger(Vacuum.class);
    /** https://www.postgresql.org/docs/current/errcodes-appendix.html */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private Vacuum() {
    }

    /**
     * Vacuums {@code tables} on a connection of its own from {@code store} (VACUUM refuses to run inside a transaction,
     * so not on the saving one). Never fails: it only frees space, so a vacuum the store refuses (another owner, a
     * read-only replica) is reported and the save goes on.
     */
    static void reclaim(DataSource store, String what, String... tables) {
        try (Connection connection = store.getConnection(); Statement vacuum = connection.createStatement()) {
            connection.setAutoCommit(true);
            // Not truncating the table's empty end: that needs the table to itself, and a rebuild reclaims while its
            // own transaction writes there, so each vacuum waited 5 s for a lock it could not get. The space stays
            // the table's, for the next save. A table another session has locked (autovacuum on it, a migration) is
            // skipped rather than waited for: the next save's vacuum or autovacuum takes it.
            vacuum.execute("vacuum (truncate false, skip_locked) " + String.join(", ", tables));
            // a table another role owns is skipped with a warning, not an error; so is a locked one (SQLSTATE 55P03,
            // lock_not_available, whatever language the server speaks), which the next vacuum takes
            for (SQLWarning warning = vacuum.getWarnings(); warning != null; warning = warning.getNextWarning()) {
                if (!LOCK_NOT_AVAILABLE.equals(warning.getSQLState())) {
                    kept(what, warning.getMessage(), tables);
                }
            }
        } catch (SQLException e) {
            kept(what, e.getMessage(), tables);
        }
    }

    private static void kept(String what, String why, String... tables) {
        String names = String.join(", ", tables);
        LOG.warn("The state store kept the space of {} ({}): the tables {} grow by it until PostgreSQL's autovacuum or"
                + " `VACUUM {}` run there as their owner. Nothing saved is lost.", what, why, names, names);
    }
}
