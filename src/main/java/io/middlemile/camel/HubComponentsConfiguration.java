package io.middlemile.camel;

import io.middlemile.assign.LeadAssignments;
import io.middlemile.assign.OwnerSources;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.observe.LiveProgress;
import io.middlemile.observe.RunMetrics;
import io.middlemile.store.AssignmentStore;
import io.middlemile.store.OwnerCacheStore;
import io.middlemile.store.RotationStore;
import io.middlemile.workspace.ConnectionOverrides;
import io.middlemile.workspace.SecretEnvironment;
import io.middlemile.enrich.EnrichStores;
import io.middlemile.enrich.EnrichmentRuns;
import io.middlemile.store.EnrichCacheStore;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.store.EnrichTicketStore;
import java.time.Clock;
import java.util.Map;
import io.middlemile.govern.GovernedActions;
import io.middlemile.govern.Governance;
import io.middlemile.govern.PolicyDecisions;
import io.middlemile.govern.KillSwitch;
import io.middlemile.store.ControlStore;
import io.middlemile.store.CrosswalkStore;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RecordLocks;
import io.middlemile.store.ReviewStore;
import io.middlemile.mapping.Mapper;
import io.middlemile.match.MatchIndexes;
import io.middlemile.store.MatchIndexStore;
import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.store.CursorStore;
import io.middlemile.store.RunStore;
import io.middlemile.sync.JobExecutor;
import io.middlemile.sync.ProgressListener;
import io.middlemile.sync.StoredEvents;
import io.middlemile.store.WebhookEventStore;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.workspace.HubEndpoint;
import io.middlemile.sync.RejectsFile;
import io.middlemile.store.ShadowStore;
import io.middlemile.sync.DeletesAndMerges;
import io.middlemile.sync.References;
import io.middlemile.sync.SyncServices;
import io.middlemile.sync.SyncTargets;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import io.middlemile.workspace.WorkspaceVersion;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Wires the workspace into Camel: loads and validates it (start-up runs exactly the checks of
 * {@code middlemile validate}) and registers the hub components routes use by name.
 */
@Configuration(proxyBeanMethods = false)
public class HubComponentsConfiguration {

    /**
     * Where {@code ${VAR}} secret references are resolved: the process environment (or the one a command run in-process
     * was given, {@code middlemile.env.*}), plus in a rehearsal
     * ({@code --sandbox}) the emulators' made-up credentials ({@code middlemile.sandbox.env.*}).
     */
    @Bean
    SecretEnvironment secretEnvironment(org.springframework.core.env.Environment spring) {
        Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        // a command run in-process with an environment of its own (Main.execute(environment, ...)) passes it here
        environment.putAll(properties(spring, "middlemile.env", String.class));
        environment.putAll(properties(spring, "middlemile.sandbox.env", String.class));
        return new SecretEnvironment(Map.copyOf(environment));
    }

    /** The connection changes of a rehearsal: emulator base URLs and poll intervals ({@code middlemile.sandbox.*}). */
    @Bean
    ConnectionOverrides connectionOverrides(org.springframework.core.env.Environment spring) {
        return new ConnectionOverrides(properties(spring, "middlemile.sandbox.base-url", String.class),
                properties(spring, "middlemile.sandbox.poll-seconds", Integer.class));
    }

    /** The engine properties under {@code prefix} as a map ({@code middlemile.sandbox.base-url.hubspot=...}). */
    private static <T> Map<String, T> properties(org.springframework.core.env.Environment spring, String prefix, Class<T> type) {
        return org.springframework.boot.context.properties.bind.Binder.get(spring)
                .bind(prefix, org.springframework.boot.context.properties.bind.Bindable.mapOf(String.class, type))
                .orElse(Map.of());
    }

    @Bean
    Workspace workspace(@Value("${middlemile.workspace:.}") String root, @Value("${middlemile.once:false}") boolean once,
                        @Value("${middlemile.job:}") String job, SecretEnvironment secrets, ConnectionOverrides overrides) {
        WorkspaceLoader loader = new WorkspaceLoader(secrets.variables(), Transforms.CATALOG, Providers.CATALOG);
        // a single-job process needs the secrets of that job only; a serving engine those of every route it starts
        return overrides.apply((once ? loader.forJob(job.isEmpty() ? null : job) : loader).load(Path.of(root)).orThrow());
    }

    @Bean
    EngineMode engineMode(@Value("${middlemile.once:false}") boolean once, @Value("${middlemile.from-start:false}") boolean fromStart,
                          @Value("${middlemile.plan-file:}") String planFile) {
        return new EngineMode(once, fromStart, planFile.isEmpty() ? null : Path.of(planFile));
    }

    /** @param budgets a cluster's budgets shared in PostgreSQL ({@code io.middlemile.cluster.SharedBudgets}), else this process's */
    @Bean
    ConnectorFactory connectorFactory(Workspace workspace, SecretEnvironment secrets,
                                      org.springframework.beans.factory.ObjectProvider<Budgets> budgets,
                                      org.springframework.beans.factory.ObjectProvider<CallObserver> calls) {
        return new ConnectorFactory(workspace, secrets.variables(), budgets.getIfAvailable(() -> Budgets.LOCAL),
                calls.getIfAvailable(() -> CallObserver.NONE));
    }

    /**
     * @param reviewExpiry how long a parked write waits for a person before it expires (ISO-8601 duration)
     */
    @Bean
    Governance governance(Workspace workspace, JournalStore journal, ReviewStore reviews, RunStore runs, RecordLocks locks,
                          CrosswalkStore crosswalk, AssignmentStore assignments, ControlStore controls,
                          SecretEnvironment secrets, @Value("${middlemile.review.expire-after:P7D}") String reviewExpiry,
                          org.springframework.beans.factory.ObjectProvider<PolicyDecisions> decisions) {
        return new Governance(workspace.connectors(), journal, reviews, runs, locks, crosswalk, assignments, new KillSwitch(controls, secrets.variables()),
                WorkspaceVersion.of(workspace.root()), Duration.parse(reviewExpiry), decisions.getIfAvailable(() -> PolicyDecisions.NONE));
    }

    @Bean
    GovernedActions governedActions(Governance governance, ConnectorFactory connectors) {
        return new GovernedActions(governance, connectors::open);
    }

    @Bean
    JobExecutor jobExecutor(Workspace workspace, RunStore runs, CursorStore cursors, ConnectorFactory connectors, Governance governance,
                            RunMetrics metrics, LiveProgress progress, WebhookEventStore events) {
        // routes reading hub-read:CONNECTION/events read the webhook events the ingress kept, not the provider
        java.util.Set<String> readingEvents = workspace.routes().stream().flatMap(route -> route.endpoints().stream())
                .filter(endpoint -> endpoint.kind() == HubEndpoint.Kind.READ && WebhookReceiver.EVENTS.equals(endpoint.object()))
                .map(HubEndpoint::connection).collect(java.util.stream.Collectors.toSet());
        return new JobExecutor(runs, cursors, StoredEvents.opener(connectors::open, events, readingEvents::contains), governance,
                new RejectsFile(workspace.stateDir().resolve("rejects")), ProgressListener.both(metrics, progress));
    }

    /** @param clustered whether jobs are scheduled by the cluster's Quartz scheduler ({@link ClusterSchedulingConfiguration}) */
    @Bean("hub-read")
    HubReadComponent hubReadComponent(JobExecutor executor, EngineMode mode, Workspace workspace, EnrichmentRuns enrichment,
                                      @Value("${middlemile.cluster.enabled:false}") boolean clustered) {
        return new HubReadComponent(executor, mode, workspace, enrichment, clustered);
    }

    /**
     * The match API's indexes; the jobs' hub-map (records read, those deleted or merged away at their source taken out)
     * and hub-sync (records written) keep them current.
     */
    @Bean
    MatchIndexes matchIndexes(Workspace workspace, MatchIndexStore store) {
        return new MatchIndexes(workspace, store);
    }

    @Bean("hub-map")
    HubMapComponent hubMapComponent(Workspace workspace, MatchIndexes matchIndexes) {
        return new HubMapComponent(Mapper.all(workspace), matchIndexes);
    }

    @Bean("hub-sync")
    HubSyncComponent hubSyncComponent(Workspace workspace, CrosswalkStore crosswalk, ShadowStore shadows, MatchIndexes matchIndexes) {
        return new HubSyncComponent(Mapper.all(workspace), new SyncServices(new SyncTargets(crosswalk), new DeletesAndMerges(crosswalk),
                new References(crosswalk), shadows, matchIndexes));
    }

    @Bean
    EnrichmentRuns enrichmentRuns(Workspace workspace, EnrichCacheStore cache, EnrichTicketStore tickets, EnrichSpendStore spend,
                                  io.middlemile.store.RetryQueue retries, io.middlemile.store.EnrichHeldStore held, Governance governance) {
        return new EnrichmentRuns(workspace.enrich(), new EnrichStores(cache, tickets, spend, retries, held), governance, Clock.systemUTC(),
                duration -> Thread.sleep(duration.toMillis()));
    }

    @Bean("hub-enrich")
    HubEnrichComponent hubEnrichComponent(EnrichmentRuns runs) {
        return new HubEnrichComponent(runs);
    }

    @Bean("hub-clean")
    HubCleanComponent hubCleanComponent(Workspace workspace) {
        return new HubCleanComponent(workspace.hygiene());
    }

    @Bean
    OwnerSources ownerSources(Workspace workspace, OwnerCacheStore cache) {
        return new OwnerSources(workspace, cache);
    }

    @Bean
    LeadAssignments leadAssignments(Workspace workspace, RotationStore rotations, AssignmentStore assignments, OwnerSources owners) {
        return new LeadAssignments(workspace, rotations, assignments, owners, Clock.systemUTC());
    }

    @Bean
    io.middlemile.outreach.OutreachRuns outreachRuns(Workspace workspace, io.middlemile.store.OutreachSendStore ledger, Governance governance,
                                                    MatchIndexes matchIndexes,
                                                    @org.springframework.beans.factory.annotation.Value("${middlemile.outreach.message-delay:#{null}}")
                                                    java.time.Duration messageDelay,
                                                    @org.springframework.beans.factory.annotation.Value("${middlemile.outreach.rehearsal:false}")
                                                    boolean rehearsal) {
        // middlemile.outreach.message-delay: `outreach rehearse` sends LinkedIn messages seconds after an emulated acceptance;
        // middlemile.outreach.rehearsal: its scratch state store has no match index to look for people under other records in
        return new io.middlemile.outreach.OutreachRuns(workspace.outreach(), ledger, governance, rehearsal ? null : matchIndexes,
                Clock.systemUTC(), new java.security.SecureRandom(), messageDelay);
    }

    @Bean("hub-enrol")
    HubEnrolComponent hubEnrolComponent(io.middlemile.outreach.OutreachRuns runs) {
        return new HubEnrolComponent(runs);
    }

    @Bean("hub-interest")
    HubInterestComponent hubInterestComponent(io.middlemile.outreach.OutreachRuns runs) {
        return new HubInterestComponent(runs);
    }

    @Bean("hub-assign")
    HubAssignComponent hubAssignComponent(LeadAssignments assignments, Workspace workspace) {
        return new HubAssignComponent(assignments, workspace.root(), Clock.systemUTC());
    }

    @Bean("hub-write")
    HubWriteComponent hubWriteComponent() {
        return new HubWriteComponent();
    }

    /** {@code hub-writeback}: outreach events back to the CRM (a note per event, the person's fields), governed. */
    @Bean("hub-writeback")
    HubWritebackComponent hubWritebackComponent(Workspace workspace, io.middlemile.store.OutreachSendStore sends, CrosswalkStore crosswalk,
                                                JournalStore journal) {
        return new HubWritebackComponent(Mapper.all(workspace), sends, crosswalk, journal);
    }
}
