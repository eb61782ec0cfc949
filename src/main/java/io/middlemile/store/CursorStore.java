package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Where the next run of a job starts reading an incremental source. */
@Component
public class CursorStore {
    private final JdbcTemplate jdbc;

    public CursorStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(String job, String connection, String object) {
        return jdbc.queryForList("select cursor from cursors where job = ? and connection = ? and object = ?", String.class,
                job, connection, object).stream().findFirst();
    }

    public void put(String job, String connection, String object, String cursor, long runId) {
        jdbc.update("insert into cursors (job, connection, object, cursor, run_id, updated_at) values (?, ?, ?, ?, ?, now())"
                        + " on conflict (job, connection, object) do update set cursor = excluded.cursor, run_id = excluded.run_id,"
                        + " updated_at = now()",
                job, connection, object, cursor, runId);
    }

    public void reset(String job) {
        jdbc.update("delete from cursors where job = ?", job);
    }
}
