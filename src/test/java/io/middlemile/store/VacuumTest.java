package io.middlemile.store;

import org.junit.jupiter.api.Test;
import io.middlemile.testing.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class VacuumTest {

    @Test
    void aStoreThatCannotVacuumOnlyCostsTheSpace() {
        // the save it follows or precedes is the point: giving space back must never fail it
        DriverManagerDataSource unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/middlemile?connectTimeout=2");

        assertThatCode(() -> Vacuum.reclaim(unreachable, "the runs of rule contacts beyond the newest 20",
                "dedupe_run_items", "dedupe_runs")).doesNotThrowAnyException();
    }

    @Test
    void tablesAnotherRoleOwnsAreSkippedAndTheRestVacuumed() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        jdbc.execute("create table mine (id int)");
        jdbc.execute("create table theirs (id int)");
        jdbc.execute("insert into mine select generate_series(1, 1000)");
        jdbc.execute("delete from mine");
        jdbc.execute("do $$ begin if not exists (select from pg_roles where rolname = 'middlemile_app') then"
                + " create role middlemile_app login; end if; end $$");
        jdbc.execute("alter table mine owner to middlemile_app");
        String url = jdbc.queryForObject("select 'jdbc:postgresql://127.0.0.1:' || current_setting('port') || '/'"
                + " || current_database() || '?user=middlemile_app'", String.class);

        assertThatCode(() -> Vacuum.reclaim(new DriverManagerDataSource(url), "a test's rows", "mine", "theirs"))
                .doesNotThrowAnyException();

        // the table it owns was vacuumed, the other one skipped with the store's warning instead of failing the whole
        // statement: a table never vacuumed nor analyzed has no row count in the catalog (-1), and a vacuum sets it. (Not
        // relallvisible: a vacuum that may take the lock cuts the emptied pages off, and then none is left to count.)
        assertThat(jdbc.queryForObject("select reltuples from pg_class where relname = 'mine'", Double.class)).isZero();
        assertThat(jdbc.queryForObject("select reltuples from pg_class where relname = 'theirs'", Double.class)).isEqualTo(-1.0);
    }
}
