/**
 * Observability at the engine's seams, never in domain code: Micrometer metrics of job runs (records per outcome, run
 * durations; {@link io.middlemile.observe.RunMetrics} listens to every run as the CLI's progress printer does), API calls by
 * status class, quota left and Resilience4j's retries and breakers per connection ({@link io.middlemile.observe.CallMetrics},
 * told by the connectors' HTTP clients through {@link io.middlemile.connector.CallObserver}), policy decisions
 * ({@link io.middlemile.observe.DecisionMetrics}, told by {@code govern} through {@link io.middlemile.govern.PolicyDecisions}), gauges over
 * the state store (review queue depth, retry queue, credits spent; {@link io.middlemile.observe.StoreMetrics}), and the
 * Actuator health of the kill switch and of each connection ({@link io.middlemile.observe.KillSwitchHealth},
 * {@link io.middlemile.observe.ConnectionHealth}); the store's contributors reach it through a short look of their own
 * ({@link io.middlemile.observe.HealthStore}). Served by {@code middlemile run} at {@code /actuator/health} and
 * {@code /actuator/prometheus}, behind the API tokens like every endpoint.
 */
package io.middlemile.observe;
