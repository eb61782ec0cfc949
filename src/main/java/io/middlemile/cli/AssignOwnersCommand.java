package io.middlemile.cli;

import io.middlemile.assign.Owner;
import io.middlemile.assign.OwnerDirectory;
import io.middlemile.assign.OwnerSources;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.connector.CrmUser;
import io.middlemile.connector.Providers;
import io.middlemile.connector.UserDirectory;
import io.middlemile.workspace.AssignConfig;
import io.middlemile.workspace.Workspace;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code middlemile assign owners NAME [--refresh]}: the owners rule set NAME may name. For a rule set whose owners are
 * a CRM's users ({@code owners: {from: CONNECTION}}), {@code --refresh} reads them from the CRM into the state store,
 * the copy validate, simulate and jobs use; without it the stored copy is shown.
 */
@Command(name = "owners", description = {
        "List the owners assign/NAME.yaml may name; with --refresh, first read them from the CRM its owners come from"
                + " (owners: {from: CONNECTION}) into the state store.",
        "Validate, simulate and jobs use the stored copy and never call the CRM: refresh after adding or deactivating users."})
class AssignOwnersCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(paramLabel = "NAME", description = "the rule set, assign/NAME.yaml, or a HubSpot or Salesforce connection (whose owners"
            + " hygiene's inactiveOwner: {from: CONNECTION} reads)")
    String name;

    @Option(names = "--refresh", description = "read the owners from the CRM now (HubSpot's owners API, Salesforce User) and keep them")
    boolean refresh;

    @Override
    public Integer call() {
        Path root = workspace.resolve();
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(root)) {
            Workspace ws = engine.getBean(Workspace.class);
            OwnerSources sources = engine.getBean(OwnerSources.class);
            boolean ruleSet = ws.assign().containsKey(name);
            if (!ruleSet && !Providers.CATALOG.hasUsers(ws, name)) {
                err.printf("There is no assignment rule set or CRM connection \"%s\" in %s. Rule sets: %s; HubSpot and Salesforce"
                        + " connections: %s%n", name, root, new TreeSet<>(ws.assign().keySet()), Providers.CATALOG.withUsers(ws));
                return 1;
            }
            String connection = ruleSet ? sources.connection(name) : name;
            if (connection == null) {
                String where = ws.assign().get(name).owners() != null ? "assign/" + name + ".yaml" : "assign/" + AssignConfig.OWNERS_FILE + ".yaml";
                out.printf("assign/%s.yaml names the owners listed in %s; there is nothing to read from a CRM%s.%n", name, where,
                        refresh ? " (--refresh reads owners: {from: CONNECTION} only)" : "");
                print(out, sources.owners(name), Map.of());
                return 0;
            }
            if (refresh) {
                Instant readAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                List<CrmUser> users;
                try (Connector connector = engine.getBean(ConnectorFactory.class).open(connection)) {
                    UserDirectory directory = connector.capability(UserDirectory.class).orElseThrow(() -> new IllegalStateException(
                            "Connection " + connection + " cannot list its users; name a HubSpot or Salesforce connection in owners: {from: ...}"));
                    users = directory.users();
                    sources.refresh(connection, users, readAt);
                } catch (ConnectorException | IllegalStateException e) {
                    err.printf("Could not read the owners of connection %s: %s%nThe stored copy (if any) is unchanged; fix the"
                            + " connection (`middlemile validate`, its credentials) and run the command again.%n", connection, e.getMessage());
                    return 1;
                }
                long inactive = users.stream().filter(user -> !user.active()).count();
                long queues = users.stream().filter(CrmUser::queue).count();
                out.printf("Read %d owners of connection %s (%d active, %d deactivated%s) at %s and kept them in the state store.%n",
                        users.size(), connection, users.size() - inactive, inactive, queues == 0 ? "" : queues == 1
                                ? "; 1 of them a queue, which owns records of the objects it supports only"
                                : String.format("; %d of them queues, which own records of the objects they support only", queues),
                        readAt);
            } else {
                Instant readAt = sources.readAt(connection).orElse(null);
                if (readAt == null) {
                    err.printf("%s connection %s, whose owners have not been read yet; read them with `middlemile assign owners %s"
                            + " --refresh`.%n", ruleSet ? "assign/" + name + ".yaml takes its owners from" : "Nothing is kept yet of",
                            connection, name);
                    return 1;
                }
                out.printf("Owners of connection %s as read at %s (`--refresh` reads them again):%n", connection, readAt);
            }
            print(out, ruleSet ? sources.owners(name) : sources.ownersOf(connection), sources.queues(connection));
            out.println("Rules name an owner by the id in the first column; `middlemile validate` checks them against this copy.");
            return 0;
        }
    }

    /** One line per owner; a queue ({@code queues}: the objects each takes) says so where a person's status is. */
    private static void print(PrintStream out, OwnerDirectory owners, Map<String, List<String>> queues) {
        List<Owner> sorted = owners.all().stream().sorted(Comparator.comparing(Owner::active).reversed().thenComparing(Owner::id)).toList();
        int idWidth = Math.max(2, sorted.stream().mapToInt(owner -> owner.id().length()).max().orElse(2));
        int nameWidth = Math.max(4, sorted.stream().mapToInt(owner -> owner.name() == null ? 0 : owner.name().length()).max().orElse(4));
        int emailWidth = Math.max(5, sorted.stream().mapToInt(owner -> owner.email() == null ? 0 : owner.email().length()).max().orElse(5));
        String row = "  %-" + idWidth + "s  %-" + nameWidth + "s  %-" + emailWidth + "s  %s%n";
        for (Owner owner : sorted) {
            List<String> takes = queues.get(owner.id());
            out.printf(row, owner.id(), owner.name() == null ? "" : owner.name(), owner.email() == null ? "" : owner.email(),
                    takes != null ? "queue of " + (takes.isEmpty() ? "no object" : String.join(", ", takes))
                            : owner.active() ? "active" : "inactive");
        }
    }
}
