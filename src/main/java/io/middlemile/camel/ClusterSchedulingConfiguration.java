package io.middlemile.camel;

import io.middlemile.cluster.NodeIdentity;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * In a cluster's serving engine ({@code middlemile.cluster.enabled=true}, {@code middlemile run}), Camel's
 * {@code quartz} component runs the clustered Quartz scheduler the jobs' schedules fire from
 * ({@link ClusteredSchedules}). A single job run ({@code middlemile job run}) schedules nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "middlemile.cluster.enabled", havingValue = "true")
public class ClusterSchedulingConfiguration {

    /**
     * @param threads        how many jobs this node may run at once
     * @param checkinSeconds how often the node checks in with the cluster's scheduler (a node silent for about two
     *                       check-ins is failed over)
     */
    @Bean("quartz")
    @ConditionalOnProperty(name = "middlemile.once", havingValue = "false", matchIfMissing = true)
    QuartzComponent quartz(DataSource dataSource, NodeIdentity node, @Value("${middlemile.cluster.threads:10}") int threads,
                           @Value("${middlemile.cluster.checkin-seconds:5}") int checkinSeconds) throws SchedulerException {
        QuartzComponent quartz = new QuartzComponent();
        quartz.setSchedulerFactory(ClusteredSchedules.schedulerFactory(dataSource, node.id(), threads,
                Duration.ofSeconds(checkinSeconds)));
        // every node is an instance of the one scheduler "middlemile"; Camel must not rename it per context
        quartz.setPrefixInstanceName(false);
        return quartz;
    }
}
