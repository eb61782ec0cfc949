/**
 * Running several engine processes ({@code middlemile run} nodes) on one PostgreSQL, switched on with
 * {@code middlemile.cluster.enabled=true}. Nothing here coordinates by itself; each part hands the work to an
 * existing distributed engine that keeps its state in the same database:
 * <ul>
 *   <li>schedules: Quartz's clustered JDBC job store under Camel ({@code io.middlemile.camel.ClusteredSchedules}),
 *       so a job's schedule fires on one node at a time and a dead node's jobs fire on the others;</li>
 *   <li>API budgets: Bucket4j's PostgreSQL buckets ({@link io.middlemile.cluster.SharedBudgets}), so a connection's
 *       rate limit is one budget whichever node spends it;</li>
 *   <li>webhooks, optionally: with {@code middlemile.kafka.bootstrap-servers} a delivery's wake-up goes through Kafka
 *       ({@link io.middlemile.cluster.KafkaSettings}; {@code io.middlemile.web.WebhookTopic}) to the node holding
 *       the connection's partition, while the events stay in PostgreSQL;</li>
 *   <li>status: each node registers and beats ({@link io.middlemile.cluster.Heartbeat}) with the jobs it runs,
 *       for {@code middlemile cluster status} ({@link io.middlemile.cluster.NodeHealth}).</li>
 * </ul>
 * The per-job advisory lock ({@code io.middlemile.store.JobLock}) stays the last guard: a job never runs twice at
 * once, whatever the scheduler does. Without the property none of this starts, and one process runs as before.
 */
package io.middlemile.cluster;
