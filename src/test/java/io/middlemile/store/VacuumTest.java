package io.middlemile.store;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThatCode;

class VacuumTest {

    @Test
    void aStoreThatCannotVacuumOnlyCostsTheSpace() {
        // the save it follows or precedes is the point: giving space back must never fail it
        DriverManagerDataSource unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/middlemile?connectTimeout=2");

        assertThatCode(() -> Vacuum.reclaim(unreachable, "the runs of rule contacts beyond the newest 20",
                "dedupe_run_items", "dedupe_runs")).doesNotThrowAnyException();
    }
}
