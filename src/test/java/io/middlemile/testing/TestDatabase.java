package io.middlemile.testing;

import io.middlemile.store.EmbeddedDatabase;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL for the whole test JVM (starting one per test would cost seconds each);
 * every test workspace gets its own database on it so runs never see each other's state.
 */
public final class TestDatabase {

    private static final Path DIRECTORY = Path.of(System.getProperty("user.dir"), "target", "test-pg");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedDatabase server;
    /** A database this JVM migrated once, which every fresh database is a copy of; named so {@link #dropEnded} drops it too. */
    private static String migrated;

    private TestDatabase() {
    }

    /** Points the next engine start at a fresh database, its schema migrated and no data, and returns its name. */
    public static synchronized String fresh() {
        if (server == null) {
            // held until the JVM exits; engine contexts join it and leave it running when they close
            // the cluster benchmark runs several engines at once, each with a pool sized to its jobs
            // throwaway: every database on it is dropped, and a test's commits waiting for the disk would only slow the build
            server = EmbeddedDatabase.start(DIRECTORY, Integer.getInteger("middlemile.test-db.max-connections", 50),
                    EmbeddedDatabase.Durability.THROWAWAY);
            // a developer's checkout keeps target/test-pg from build to build (it had grown to 9 GB): what ended JVMs left goes
            dropEnded();
        }
        if (migrated == null) {
            // every engine a test starts would otherwise migrate an empty database (all of db/migration) before its first step
            String template = "t" + ProcessHandle.current().pid() + "_0";
            server.ensureDatabase(template);
            Flyway.configure().dataSource(server.jdbcUrl(template), "postgres", null).locations("classpath:db/migration").load()
                    .migrate();
            migrated = template;
        }
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        // a copy of the migrated database: the engine's own Flyway finds it up to date
        admin().execute("create database " + name + " template " + migrated);
        System.setProperty("middlemile.embedded-db.dir", DIRECTORY.toString());
        System.setProperty("middlemile.embedded-db.database", name);
        return name;
    }

    /**
     * Drops a database {@link #fresh} made, with any session still on it. For benchmarks: one run's database holds about
     * 1.6 GB (OutreachBenchmark), which would otherwise pile up under {@code target/test-pg} run after run, and which the
     * server's autovacuum would still be working through during the next run, on the cores that run is measured on.
     */
    public static synchronized void drop(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a test database name: " + database);
        }
        admin().execute("drop database if exists " + database + " with (force)");
    }

    /**
     * Drops the databases of test JVMs that are no longer running ({@code t<pid>_<n>}, as {@link #fresh} names them);
     * those of a running one, this JVM's and another build's alike, stay. Returns how many were dropped.
     */
    static synchronized int dropEnded() {
        int dropped = 0;
        for (String name : admin().queryForList("select datname from pg_database where datname ~ '^t[0-9]+_[0-9]+$'", String.class)) {
            if (ProcessHandle.of(Long.parseLong(name.substring(1, name.indexOf('_')))).isEmpty()) {
                drop(name);
                dropped++;
            }
        }
        return dropped;
    }

    private static JdbcTemplate admin() {
        return new JdbcTemplate(new DriverManagerDataSource(server.jdbcUrl("postgres")));
    }

    /** The JDBC URL of one of the test databases, for engines in child JVMs ({@code SPRING_DATASOURCE_URL}). */
    public static String url(String database) {
        return server.jdbcUrl(database);
    }

    public static JdbcTemplate jdbc(String database) {
        return new JdbcTemplate(new DriverManagerDataSource(server.jdbcUrl(database)));
    }
}
