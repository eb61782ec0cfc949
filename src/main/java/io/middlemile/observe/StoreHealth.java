package io.middlemile.observe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;

import javax.sql.DataSource;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code db} in /actuator/health: Spring Boot's own check of the state store ({@link DataSourceHealthIndicator}: the
 * database's name and whether a connection is valid), with its failure said once. Spring's indicator logs a WARN with
 * the whole stack trace at every failing call: a load balancer asking every few seconds during an outage filled the log
 * with the same trace. This one logs a WARN when the store goes out of reach, in the driver's words, and an INFO when
 * it is back; each answer meanwhile is DOWN with those words and what to do.
 */
public final class StoreHealth implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);

    /** Spring Boot's check, run here so that its failure is ours to log. */
    private static final class Check extends DataSourceHealthIndicator {
        Check(DataSource store) {
            super(store);
        }

        void run(Health.Builder health) throws Exception {
            doHealthCheck(health);
        }
    }

    private final Check check;
    private final AtomicBoolean down = new AtomicBoolean();

    public StoreHealth(DataSource store) {
        this.check = new Check(store);
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        try {
            check.run(health);
        } catch (Exception unreachable) {
            String words = KillSwitchHealth.words(unreachable);
            if (down.compareAndSet(false, true)) {
                LOG.warn("The state store is out of reach ({}): /actuator/health answers DOWN until it is back, and no write is"
                        + " made meanwhile (none could be journaled). Set logging.level.io.middlemile.observe.StoreHealth=DEBUG"
                        + " for the failure's stack trace", words);
            }
            LOG.debug("State store health check failed", unreachable);
            return Health.down().withDetail("error", words)
                    .withDetail("message", "The engine cannot reach its state store (" + words + "). The embedded PostgreSQL"
                            + " is started again within seconds; if this lasts, see its log (the workspace's .middlemile/pg.log),"
                            + " or check the PostgreSQL of SPRING_DATASOURCE_URL.")
                    .build();
        }
        if (down.compareAndSet(true, false)) {
            LOG.info("The state store is reachable again: /actuator/health's db is UP");
        }
        return health.build();
    }
}
