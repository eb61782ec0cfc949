package io.middlemile.workspace;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** An outreach file binds with Unipile's advised defaults, and each of its mistakes is a file:line error. */
class OutreachConfigTest {

    @TempDir
    Path root;

    @BeforeEach
    void workspace() throws IOException {
        TestWorkspaces.copyBundled(root);
        Files.createDirectories(root.resolve("outreach"));
    }

    @Test
    void aFullFileBindsAndUnwrittenSettingsTakeTheDefaults() throws IOException {
        Files.writeString(root.resolve("outreach/q4.yaml"), """
                description: Qualified leads with an owner go into the Q4 sequence and get a LinkedIn invitation
                email:
                  connection: instantly
                  campaign: 0199f3c2-campaign
                  blocklist: bl-1
                  fields: {first_name: firstName, last_name: lastName, company_name: companyName, job_title: title}
                  variables: {owner: ownerEmail}
                linkedin:
                  connection: unipile
                  note: "Hi {firstName}, I work with teams like {companyName}."
                  accounts:
                    - {id: acc_emea, timeZone: Europe/Berlin, premium: true, invitationsPerDay: 60, invitationsPerWeek: 150,
                       lookupsPerDay: 70, hours: "08:30-17:00", days: [MON, WED], spacing: "90s-4m"}
                    - {id: acc_us, timeZone: America/New_York}
                suppress:
                  customers: {field: lifecycleStage, values: [customer]}
                  openDeals: {field: openDeals}
                  optedOut: [emailOptOut, emailBounced]
                  duplicates: contacts
                  contactedWithinDays: 30
                """);

        WorkspaceLoader.Result result = load();

        assertThat(result.errors()).isEmpty();
        OutreachConfig config = result.workspace().outreach().get("q4");
        assertThat(config.id()).isEqualTo("q4");
        assertThat(config.email().destination()).isEqualTo("campaign:0199f3c2-campaign");
        assertThat(config.email().skipsIfInWorkspace()).isTrue();
        assertThat(config.email().skipsIfInCampaign()).isTrue();
        assertThat(config.email().variables()).containsEntry("owner", "ownerEmail");
        assertThat(config.linkedin().placeholders()).containsExactly("firstName", "companyName");
        OutreachConfig.Account emea = config.linkedin().accounts().get(0);
        assertThat(emea.workingHours()).containsExactly(LocalTime.of(8, 30), LocalTime.of(17, 0));
        assertThat(emea.workingDays()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY);
        assertThat(emea.spacingBounds()).containsExactly(Duration.ofSeconds(90), Duration.ofMinutes(4));
        OutreachConfig.Account us = config.linkedin().accounts().get(1);
        assertThat(List.of(us.invitationsPerDayOrDefault(), us.invitationsPerWeekOrDefault(), us.lookupsPerDayOrDefault()))
                .containsExactly(80, 200, 80);
        assertThat(us.workingHours()).containsExactly(LocalTime.of(9, 0), LocalTime.of(18, 0));
        assertThat(us.workingDays()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY);
        assertThat(us.spacingBounds()).containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(5));
        assertThat(us.isPremium()).isFalse();
        assertThat(config.suppress().suppressesRoleAddresses()).isTrue();
        assertThat(config.suppress().suppressesFreeMail()).isFalse();
    }

    @Test
    void everyMistakeIsReportedAtOnceWithItsLine() throws IOException {
        Files.writeString(root.resolve("outreach/broken.yaml"), """
                email:
                  connection: hubspot
                  campaign: c1
                  list: l1
                  fields: {first_name: firstName, shoe_size: shoeSize}
                linkedin:
                  connection: instantly
                  note: "Hi {firstName} from {planet}"
                  accounts:
                    - {id: a1, timeZone: Europe/Berlinn}
                    - {id: a1, timeZone: UTC, invitationsPerDay: 300, invitationsPerWeek: 200}
                    - {id: a3, timeZone: UTC, hours: "18:00-09:00", spacing: "5m-2m", days: [MON, FUN]}
                    - {id: a4, timeZone: UTC, hours: "9-5", lookupsPerDay: 0, spacing: "0s-1m"}
                suppress:
                  customers: {field: stage, values: [customer]}
                  optedOut: [emailOptOut, unsubscribed]
                  duplicates: accounts
                  contactedWithinDays: 0
                """);

        List<ValidationError> errors = load().errors();

        assertThat(errors).filteredOn(e -> e.file().equals("outreach/broken.yaml"))
                .extracting(ValidationError::line, ValidationError::path, e -> e.message().replaceAll(";.*", ""))
                .containsExactlyInAnyOrder(
                        tuple(2, "email.connection", "hubspot is a connection of type hubspot"),
                        tuple(4, "email.list", "a lead goes into one campaign or one list, this file names both"),
                        tuple(5, "email.fields.shoe_size", "\"shoeSize\" is not a canonical person field"),
                        tuple(7, "linkedin.connection", "instantly is a connection of type instantly"),
                        tuple(8, "linkedin.note", "{planet} is not a canonical person field, so no record could fill it"),
                        tuple(10, "linkedin.accounts[0].timeZone",
                                "must be an IANA time zone id such as America/New_York, Europe/Berlin or UTC (case matters) (found \"Europe/Berlinn\")"),
                        tuple(11, "linkedin.accounts[1].id", "\"a1\" is listed twice"),
                        tuple(11, "linkedin.accounts[1].invitationsPerDay", "300 a day is more than the 200 a week"),
                        tuple(12, "linkedin.accounts[2].hours", "18:00-09:00 ends before it starts"),
                        tuple(12, "linkedin.accounts[2].spacing", "5m-2m: the shortest pause is longer than the longest"),
                        tuple(12, "linkedin.accounts[2].days[1]", "must be a day MON, TUE, WED, THU, FRI, SAT or SUN (found \"FUN\")"),
                        tuple(13, "linkedin.accounts[3].hours",
                                "must be working hours HH:MM-HH:MM in the account's time zone, e.g. 09:00-18:00 (found \"9-5\")"),
                        tuple(13, "linkedin.accounts[3].lookupsPerDay", "must be 1 or more profile look-ups a day (found \"0\")"),
                        tuple(13, "linkedin.accounts[3].spacing", "0s-1m allows no pause at all"),
                        tuple(15, "suppress.customers.field", "\"stage\" is not a canonical person field"),
                        tuple(16, "suppress.optedOut[1]", "\"unsubscribed\" is not a canonical person field"),
                        tuple(17, "suppress.duplicates", "dedupe rule accounts matches company records"),
                        tuple(18, "suppress.contactedWithinDays", "must be 1 or more days (found \"0\")"));
    }

    @Test
    void aFileWithoutAChannelOrSuppressionAndWithUnknownReferencesIsRefused() throws IOException {
        Files.writeString(root.resolve("outreach/empty.yaml"), """
                description: nothing yet
                """);
        Files.writeString(root.resolve("outreach/unknown.yaml"), """
                email:
                  connection: instantly
                  fields: {shoe_size: firstName, email: email}
                  variables: {owner: }
                linkedin:
                  connection: linkedout
                  note: "%s"
                  accounts:
                    - {id: a1, invitationsPerWeek: 20}
                suppress:
                  duplicates: people
                """.formatted("x".repeat(301)));

        List<ValidationError> errors = load().errors();

        assertThat(errors).filteredOn(e -> e.file().startsWith("outreach/"))
                .extracting(ValidationError::file, ValidationError::line, e -> e.message().replaceAll(";.*", ""))
                .containsExactlyInAnyOrder(
                        tuple("outreach/empty.yaml", 1, "has no channel, so it would reach no one"),
                        tuple("outreach/empty.yaml", 1, "is required: who is never contacted, e.g. suppress: {customers: {field: lifecycleStage,"
                                + " values: [customer]}, optedOut: [emailOptOut, emailBounced], contactedWithinDays: 30}"),
                        tuple("outreach/unknown.yaml", 1, "needs where the leads go: campaign: ID (an Instantly campaign) or list: ID (a lead list)"),
                        tuple("outreach/unknown.yaml", 3, "\"shoe_size\" is not a lead field of instantly"),
                        tuple("outreach/unknown.yaml", 3, "the email is always sent (it is the lead)"),
                        tuple("outreach/unknown.yaml", 4, "has no canonical field to fill it from"),
                        tuple("outreach/unknown.yaml", 6, "unknown connection \"linkedout\""),
                        tuple("outreach/unknown.yaml", 7, "is 301 characters before any field is filled in"),
                        tuple("outreach/unknown.yaml", 9, "is required: the account holder's time zone, e.g. Europe/Berlin"),
                        tuple("outreach/unknown.yaml", 9, "20 a week is less than the default 80 a day"),
                        tuple("outreach/unknown.yaml", 11, "unknown dedupe rule \"people\""));
    }

    @Test
    void aFollowUpMessageBindsWithItsDefaultsAndItsMistakesAreFileLineErrors() throws IOException {
        Files.writeString(root.resolve("outreach/follow.yaml"), """
                linkedin:
                  connection: unipile
                  message: {text: "Thanks for connecting, {firstName}!"}
                  accounts:
                    - {id: acc_emea, timeZone: Europe/Berlin, messagesPerDay: 30}
                suppress: {}
                """);
        Files.writeString(root.resolve("outreach/broken.yaml"), """
                linkedin:
                  connection: unipile
                  message:
                    text: "Hi {planet}, %s"
                    afterAccepted: 4 hours
                    acceptedWithin: a month
                  accounts:
                    - {id: acc_emea, timeZone: Europe/Berlin, messagesPerDay: 0}
                  releaseAgentSendsAfter: a week
                suppress: {}
                """.formatted("x".repeat(8_001)));

        WorkspaceLoader.Result result = load();

        OutreachConfig follow = result.workspace().outreach().get("follow");
        assertThat(follow.linkedin().message().delay()).isEqualTo(Duration.ofHours(4));
        assertThat(follow.linkedin().message().acceptWindow()).as("the default").isEqualTo(Duration.ofDays(30));
        assertThat(follow.linkedin().message().messagesConnections()).isFalse();
        assertThat(follow.linkedin().message().placeholders()).containsExactly("firstName");
        assertThat(follow.linkedin().accounts().get(0).messagesPerDayOrDefault()).isEqualTo(30);
        assertThat(follow.linkedin().agentGrace()).as("the default").isEqualTo(Duration.ofDays(7));
        assertThat(result.errors()).filteredOn(e -> e.file().startsWith("outreach/"))
                .extracting(ValidationError::file, ValidationError::line, e -> e.message().replaceAll(";.*", ""))
                .containsExactlyInAnyOrder(
                        tuple("outreach/broken.yaml", 4, "{planet} is not a canonical person field, so no record could fill it"),
                        tuple("outreach/broken.yaml", 4, "is 8006 characters before any field is filled in"),
                        tuple("outreach/broken.yaml", 5, "must be a delay N with unit m, h or d, e.g. 30m, 4h or 1d (found \"4 hours\")"),
                        tuple("outreach/broken.yaml", 6, "must be a delay N with unit m, h or d, e.g. 14d or 30d (found \"a month\")"),
                        tuple("outreach/broken.yaml", 8, "must be 1 or more messages a day (found \"0\")"),
                        tuple("outreach/broken.yaml", 9, "must be a delay N with unit m, h or d, e.g. 3d or 7d (found \"a week\")"));
    }

    @Test
    void anInterestTableBindsAndItsMistakesAndARouteWithoutOneAreReported() throws IOException {
        Files.writeString(root.resolve("outreach/q4.yaml"), """
                email:
                  connection: instantly
                  campaign: c1
                  interest:
                    field: stage
                    values: {customer: won, opportunity: booked, lost: -3, nurture: lead}
                suppress: {}
                """);
        Files.writeString(root.resolve("outreach/plain.yaml"), """
                email: {connection: instantly, campaign: c2}
                suppress: {}
                """);
        Files.writeString(root.resolve("routes/interest.camel.yaml"), """
                - route:
                    id: plain-interest
                    autoStartup: false
                    from:
                      uri: hub-read:hubspot/contacts
                      steps:
                        - to: hub-map:hubspot-contacts?direction=in
                        - to: hub-interest:plain
                """);

        WorkspaceLoader.Result result = load();

        assertThat(result.errors()).filteredOn(e -> e.file().startsWith("outreach/") || e.file().equals("routes/interest.camel.yaml"))
                .extracting(ValidationError::file, ValidationError::line, e -> e.message().replaceAll(";.*", ""))
                .containsExactlyInAnyOrder(
                        tuple("outreach/q4.yaml", 5, "\"stage\" is not a canonical person field"),
                        tuple("outreach/q4.yaml", 6, "\"booked\" is not an Instantly interest status"),
                        tuple("routes/interest.camel.yaml", 8, "outreach/plain.yaml has no email.interest table, so hub-interest has no"
                                + " interest status to set"));
        OutreachConfig.Interest bundled = result.workspace().outreach().get("outbound").email().interest();
        assertThat(bundled.field()).isEqualTo("lifecycleStage");
        assertThat(bundled.statusOf("Customer")).contains(new OutreachConfig.Interest.Status("won", 4));
        assertThat(bundled.statusOf("lead")).isEmpty();
        assertThat(OutreachConfig.Interest.status("lead")).contains(new OutreachConfig.Interest.Status("lead", null));
        assertThat(OutreachConfig.Interest.status("-3")).contains(new OutreachConfig.Interest.Status("-3", -3));
    }

    private WorkspaceLoader.Result load() {
        return new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(root);
    }
}
