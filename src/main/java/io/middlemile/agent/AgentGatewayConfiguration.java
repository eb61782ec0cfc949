package io.middlemile.agent;

import io.middlemile.assign.LeadAssignments;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.enrich.EnrichmentRuns;
import io.middlemile.govern.GovernedActions;
import io.middlemile.govern.Governance;
import io.middlemile.match.MatchIndexes;
import io.middlemile.store.JournalStore;
import io.middlemile.store.ReviewStore;
import io.middlemile.workspace.Workspace;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The agent gateway's actions, the same for the HTTP server ({@link AgentGatewayHttp}) and `middlemile mcp` (stdio). */
@Configuration(proxyBeanMethods = false)
public class AgentGatewayConfiguration {

    @Bean
    AgentActions agentActions(Workspace workspace, Governance governance, GovernedActions actions, JournalStore journal,
                              ReviewStore reviews, MatchIndexes indexes, EnrichmentRuns enrichment, LeadAssignments assignments,
                              io.middlemile.outreach.OutreachRuns outreach, ConnectorFactory connectors,
                              io.middlemile.store.OwnerCacheStore owners) {
        return new AgentActions(workspace, governance, actions, journal, reviews, indexes, enrichment, assignments, outreach, connectors::open,
                io.middlemile.assign.OwnerSources.activeOwners(owners), Clock.systemUTC());
    }
}
