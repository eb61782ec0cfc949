package io.middlemile.workspace;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every connector type a workspace may declare, implemented by {@code io.middlemile.connector.Providers}
 * (the one place a provider is registered) and handed to {@link WorkspaceLoader}.
 */
public interface ProviderCatalog {

    /** The types, shipped and announced, in registration order. */
    List<? extends ProviderRules> providers();

    default Optional<ProviderRules> find(String type) {
        return providers().stream().filter(p -> p.type().equals(type)).map(p -> (ProviderRules) p).findFirst();
    }

    /** Every type connector files may declare, sorted (it is printed in "expected one of" messages). */
    default Set<String> knownTypes() {
        TreeSet<String> types = new TreeSet<>();
        providers().forEach(p -> types.add(p.type()));
        return types;
    }

    /** The types whose client ships in this version, sorted. */
    default Set<String> runnableTypes() {
        TreeSet<String> types = new TreeSet<>();
        providers().stream().filter(ProviderRules::runnable).forEach(p -> types.add(p.type()));
        return types;
    }

    /** Whether the workspace's connection {@code connection} is one of a CRM whose users own records (HubSpot, Salesforce). */
    default boolean hasUsers(Workspace workspace, String connection) {
        ConnectorConfig config = workspace.connectors().get(connection);
        return config != null && find(config.type()).filter(ProviderRules::hasUsers).isPresent();
    }

    /** The workspace's connections of a CRM whose users own records, sorted (for "expected one of" messages). */
    default Set<String> withUsers(Workspace workspace) {
        TreeSet<String> connections = new TreeSet<>();
        workspace.connectors().keySet().stream().filter(id -> hasUsers(workspace, id)).forEach(connections::add);
        return connections;
    }

    /** The types that accept a section, sorted. */
    default List<String> accepting(ConnectorSection section) {
        return providers().stream().filter(p -> p.sections().contains(section)).map(ProviderRules::type).sorted().toList();
    }
}
