package io.middlemile.assign;

import io.middlemile.connector.CrmUser;
import io.middlemile.store.OwnerCacheStore;
import io.middlemile.workspace.AssignConfig;
import io.middlemile.workspace.CrmOwners;
import io.middlemile.workspace.Workspace;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a rule set's owners come from: listed in the workspace, or a CRM connection's users
 * ({@code owners: {from: CONNECTION}}) as last read into the state store. Jobs, simulations and validation read the
 * store's copy and never the CRM; {@link #refresh} is the one place that reads the CRM, on the admin's command.
 */
public final class OwnerSources {

    /** A rule set takes its owners from a CRM whose owners were never read: nothing can be assigned until they are. */
    public static final class OwnersNotRead extends IllegalStateException {
        OwnersNotRead(String message) {
            super(message);
        }
    }

    private final Workspace workspace;
    private final OwnerCacheStore cache;

    public OwnerSources(Workspace workspace, OwnerCacheStore cache) {
        this.workspace = workspace;
        this.cache = cache;
    }

    /**
     * Rule set {@code ruleSet}'s owners: the workspace's list, or the CRM's as last read, with inactive users kept as
     * inactive (the assigner skips them, so a user deactivated after validation is handed no leads).
     *
     * @throws OwnersNotRead when they come from a CRM whose owners were never read
     */
    public OwnerDirectory owners(String ruleSet) {
        String connection = workspace.ownersFrom(ruleSet);
        if (connection == null) {
            return RuleFiles.owners(workspace, ruleSet);
        }
        OwnerCacheStore.Snapshot read = cache.owners(connection).orElseThrow(() -> new OwnersNotRead("assign/" + ruleSet
                + ".yaml takes its owners from connection " + connection + ", whose owners have not been read yet; read them with"
                + " `middlemile assign owners " + ruleSet + " --refresh`, then run again"));
        return directory(read);
    }

    /**
     * A CRM connection's owners as last read.
     *
     * @throws OwnersNotRead when they never were
     */
    public OwnerDirectory ownersOf(String connection) {
        return directory(cache.owners(connection).orElseThrow(() -> new OwnersNotRead("The owners of connection " + connection
                + " have not been read yet; read them with `middlemile assign owners " + connection + " --refresh`")));
    }

    private static OwnerDirectory directory(OwnerCacheStore.Snapshot read) {
        // a CRM user's id is the id its records' owner field holds (hubspot_owner_id, OwnerId)
        return new OwnerList(read.owners().stream().map(o -> new Owner(o.id(), o.name(), o.email(), o.id(), o.active(), List.of()))
                .toList());
    }

    /** The CRM connection rule set {@code ruleSet} takes its owners from, or null when they are listed in the workspace. */
    public String connection(String ruleSet) {
        return workspace.ownersFrom(ruleSet);
    }

    /** The queues among the connection's owners as last read (none when never read): the objects each may own records of. */
    public java.util.Map<String, List<String>> queues(String connection) {
        return cache.owners(connection).map(OwnerSources::queues).orElse(java.util.Map.of());
    }

    /** When the connection's owners were last read, if ever. */
    public Optional<Instant> readAt(String connection) {
        return cache.owners(connection).map(OwnerCacheStore.Snapshot::readAt);
    }

    /** Replaces the store's copy of the connection's owners with the users just read from it. */
    public void refresh(String connection, List<CrmUser> users, Instant readAt) {
        if (users.isEmpty()) {
            throw new IllegalStateException("Connection " + connection + " returned no users at all, which no working CRM does;"
                    + " the copy read before (if any) is kept. Check the connection's credentials and its owners scope"
                    + " (HubSpot: crm.objects.owners.read)");
        }
        cache.replace(connection, users.stream().map(u -> new OwnerCacheStore.CachedOwner(u.id(), u.email(), u.name(), u.active(),
                u.queueOf())).toList(), readAt);
    }

    /** The store's copies as validation checks rule owners against them ({@link io.middlemile.workspace.WorkspaceLoader#withCrmOwners}). */
    public static CrmOwners forValidation(OwnerCacheStore cache) {
        return connection -> cache.owners(connection).map(read -> new CrmOwners.Read(read.readAt(), read.owners().stream()
                .map(o -> new AssignConfig.Owner(o.id(), o.name(), o.email(), o.id(), o.active(), List.of())).toList(),
                queues(read)));
    }

    /**
     * A connection's active owners as last read, its active users and its queues, for hygiene's {@code inactiveOwner: {from:
     * CONNECTION}}; empty for a connection never read.
     */
    public static io.middlemile.quality.HygieneFile.ActiveOwners activeOwners(OwnerCacheStore cache) {
        return connection -> cache.owners(connection).map(read -> read.owners().stream().filter(OwnerCacheStore.CachedOwner::active)
                .map(OwnerCacheStore.CachedOwner::id).collect(java.util.stream.Collectors.toUnmodifiableSet()));
    }

    /** The queues among a connection's owners as last read: each one's id and the objects whose records it may own. */
    public static java.util.Map<String, List<String>> queues(OwnerCacheStore.Snapshot read) {
        java.util.Map<String, List<String>> queues = new java.util.LinkedHashMap<>();
        read.owners().stream().filter(o -> o.queueOf() != null).forEach(o -> queues.put(o.id(), o.queueOf()));
        return queues;
    }
}
