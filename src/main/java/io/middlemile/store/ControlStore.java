package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/** Operator switches kept in the store, so every engine process sees them at once. */
@Component
public class ControlStore {

    /** The state of a switch: on or off, why, by whom, since when. */
    public record Switch(boolean on, String reason, String setBy, Instant setAt) {
    }

    private final JdbcTemplate jdbc;

    public ControlStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Switch> get(String name) {
        return jdbc.query("select value, reason, set_by, set_at from controls where name = ?",
                (rs, n) -> new Switch("on".equals(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()),
                name).stream().findFirst();
    }

    /**
     * Turns a switch on or off; returns false when it was so already, and then nothing changes: a second "on" in an
     * incident kept neither when writes stopped nor who stopped them.
     */
    public boolean set(String name, boolean on, String reason, String setBy) {
        return jdbc.update("insert into controls (name, value, reason, set_by, set_at) values (?, ?, ?, ?, now())"
                        + " on conflict (name) do update set value = excluded.value, reason = excluded.reason,"
                        + " set_by = excluded.set_by, set_at = now() where controls.value is distinct from excluded.value",
                name, on ? "on" : "off", reason, setBy) > 0;
    }
}
