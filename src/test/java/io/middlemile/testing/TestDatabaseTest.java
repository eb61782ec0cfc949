package io.middlemile.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared test server keeps only the databases of test JVMs still running. */
class TestDatabaseTest {

    @Test
    void theDatabasesOfEndedJvmsAreDroppedAndARunningOnesStay() throws Exception {
        String mine = TestDatabase.fresh();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String left = "t" + ended.pid() + "_1";
        TestDatabase.jdbc(mine).execute("create database " + left);

        assertThat(TestDatabase.dropEnded()).isGreaterThanOrEqualTo(1);

        assertThat(TestDatabase.jdbc(mine).queryForList("select datname from pg_database", String.class))
                .contains(mine).doesNotContain(left);
    }
}
