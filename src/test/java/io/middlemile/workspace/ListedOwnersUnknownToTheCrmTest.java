package io.middlemile.workspace;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A listed owner's crmId that no user of the target CRM has, as last read into the store, is warned about. */
public class ListedOwnersUnknownToTheCrmTest {

    private static final Instant READ = Instant.parse("2026-12-01T09:00:00Z");

    /** The base workspace with a route writing ownerId to hubspot_owner_id after hub-assign:leads (listed owners). */
    private static Workspace workspace(Path dir) throws IOException {
        return new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(files(dir)).workspace();
    }

    /**
     * The files of {@link #workspace}, in {@code dir}: owner ben's crmId 79999, ana's 71001, tom (inactive) 70000. Its other
     * routes write a CRM's users' ids to another CRM, which validation refuses.
     */
    public static Path files(Path dir) throws IOException {
        BrokenWorkspaceGoldenTest.copyTree(BrokenWorkspaceGoldenTest.BASE, dir, Set.of());
        BrokenWorkspaceGoldenTest.copyTree(BrokenWorkspaceGoldenTest.BROKEN.resolve("route-writes-owner-ids-the-crm-does-not-know"), dir,
                Set.of("expected.txt", "_env.properties", "_delete.txt"));
        Files.writeString(dir.resolve("assign/owners.yaml"), """
                owners:
                  - {id: ana, name: Ana Ruiz, email: ana@example.com, crmId: "71001"}
                  - {id: ben, name: Ben Ode, email: ben@example.com, crmId: "79999"}
                  - {id: tom, name: Tom Hale, email: tom@example.com, crmId: "70000", active: false}
                """);
        return dir;
    }

    private static AssignConfig.Owner user(String id) {
        return new AssignConfig.Owner(id, null, id + "@example.com", id, true, List.of());
    }

    @Test
    void anActiveListedOwnerWhoseCrmIdIsNoUserOfTheTargetIsNamedWithTheFileAndWhatToDo(@TempDir Path dir) throws IOException {
        Workspace workspace = workspace(dir);
        CrmOwners read = connection -> connection.equals("hubspot")
                ? Optional.of(new CrmOwners.Read(READ, List.of(user("71001"), user("71002")))) : Optional.empty();

        List<String> warnings = OwnerIdChecks.listedOwnersUnknownToTheCrm(workspace, read);

        // ana is a user of hubspot; tom is inactive (he is handed no leads); ben's crmId is no one's
        assertThat(warnings).containsExactly("assign/owners.yaml: owner ben has crmId \"79999\", which is no user of connection hubspot"
                + " as its users were read at 2026-12-01T09:00:00Z; routes/to-hubspot.camel.yaml writes the leads assign/leads.yaml gives"
                + " them to hubspot_owner_id of hubspot/contacts, and hubspot would refuse each one. Put their user id in hubspot in"
                + " crmId (`middlemile assign owners NAME` lists the users read, for a rule set with owners: {from: hubspot}; --refresh"
                + " reads them again if they were added since)");
    }

    @Test
    void aSalesforceIdMatchesInEitherForm(@TempDir Path dir) throws IOException {
        Workspace workspace = workspace(dir);
        // copied from a user's URL (15 characters) where the API returned the 18-character form
        Files.writeString(dir.resolve("assign/owners.yaml"), "owners:\n  - {id: ana, name: Ana Ruiz, email: ana@example.com,"
                + " crmId: \"0056000000QKv5T\"}\n  - {id: ben, name: Ben Ode, email: ben@example.com, crmId: \"0056000000QKV5T\"}\n");
        workspace = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(dir).workspace();
        CrmOwners read = connection -> Optional.of(new CrmOwners.Read(READ, List.of(user("0056000000QKv5TAAT"))));

        assertThat(OwnerIdChecks.listedOwnersUnknownToTheCrm(workspace, read)).singleElement().asString()
                .startsWith("assign/owners.yaml: owner ben has crmId \"0056000000QKV5T\"");
    }

    @Test
    void nothingIsSaidWhenTheTargetsUsersWereNeverRead(@TempDir Path dir) throws IOException {
        assertThat(OwnerIdChecks.listedOwnersUnknownToTheCrm(workspace(dir), connection -> Optional.empty())).isEmpty();
    }
}
