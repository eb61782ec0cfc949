package io.middlemile.cluster;

import io.middlemile.store.NodeStore;
import io.middlemile.store.RunStore;
import io.middlemile.store.StorePoolForJobs;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The cluster's parts of the engine, present only with {@code middlemile.cluster.enabled=true}: this node's
 * identity, the connections' budgets kept in PostgreSQL, and, in a serving engine ({@code middlemile run}), the
 * node's heartbeat. The clustered schedules are Camel's and are wired in {@code io.middlemile.camel}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "middlemile.cluster.enabled", havingValue = "true")
public class ClusterConfiguration {

    /** @param id this node's id in the cluster; default HOST-PID */
    @Bean
    NodeIdentity nodeIdentity(@Value("${middlemile.cluster.node-id:}") String id) {
        return NodeIdentity.current(id);
    }

    /** Every job run of this process, the CLI's single runs included, spends the connections' shared budgets. */
    @Bean
    SharedBudgets sharedBudgets(DataSource dataSource) {
        return new SharedBudgets(dataSource);
    }

    /** @param threads how many jobs this node may run at once (as its Quartz scheduler is given) */
    @Bean
    static StorePoolForJobs storePoolForJobs(@Value("${middlemile.cluster.threads:10}") int threads) {
        return new StorePoolForJobs(() -> threads, "middlemile.cluster.threads", Integer.MAX_VALUE);
    }

    /** @param seconds how often the node writes its heartbeat */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(name = "middlemile.once", havingValue = "false", matchIfMissing = true)
    Heartbeat heartbeat(NodeStore nodes, RunStore runs, NodeIdentity node,
                        @Value("${middlemile.cluster.heartbeat-seconds:5}") int seconds) {
        SilentNodeRuns silentNodesLeft = new SilentNodeRuns(nodes, runs);
        return new Heartbeat(nodes, node, runs::heldJobs, Duration.ofSeconds(seconds), silentNodesLeft::end);
    }
}
