package io.middlemile.outreach;

import io.middlemile.workspace.OutreachConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Every suppression reason says what it found; a record that no rule catches passes; the facts are asked last. */
class SuppressionRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private final SuppressionRules rules = new SuppressionRules(new OutreachConfig.Suppress(
            new OutreachConfig.FieldValues("lifecycleStage", List.of("customer", "Evangelist")),
            new OutreachConfig.FieldFlag("openDeals"),
            List.of("emailOptOut", "emailBounced"),
            "contacts", 30, null, true));

    private final RecordingFacts facts = new RecordingFacts();

    @Test
    void aRecordNoRuleCatchesMayBeContacted() {
        assertThat(check(lead(), "jane@acme.com", "https://www.linkedin.com/in/jane")).isEmpty();
        assertThat(facts.asked).containsExactly("lastContacted jane@acme.com https://www.linkedin.com/in/jane", "enrolledAs contacts");
    }

    @Test
    void anOptedOutOrBouncedPersonIsSuppressedWhateverShapeTheCheckBoxHas() {
        assertThat(check(lead("emailOptOut", true), "jane@acme.com", null))
                .contains(new Suppressed(Suppressed.Reason.OPTED_OUT, "emailOptOut is true"));
        assertThat(check(lead("emailBounced", "TRUE"), "jane@acme.com", null))
                .contains(new Suppressed(Suppressed.Reason.OPTED_OUT, "emailBounced is TRUE"));
        assertThat(check(lead("emailOptOut", "false", "emailBounced", 0), "jane@acme.com", null)).isEmpty();
    }

    @Test
    void aCustomerIsSuppressedByAnyOfTheCustomerValuesWithoutRegardToCase() {
        assertThat(check(lead("lifecycleStage", "customer"), "jane@acme.com", null))
                .contains(new Suppressed(Suppressed.Reason.CUSTOMER, "lifecycleStage is customer"));
        assertThat(check(lead("lifecycleStage", " evangelist"), "jane@acme.com", null))
                .contains(new Suppressed(Suppressed.Reason.CUSTOMER, "lifecycleStage is evangelist"));
        assertThat(check(lead("lifecycleStage", List.of("lead", "customer")), "jane@acme.com", null))
                .map(Suppressed::reason).contains(Suppressed.Reason.CUSTOMER);
        assertThat(check(lead("lifecycleStage", "sql"), "jane@acme.com", null)).isEmpty();
    }

    @Test
    void aPersonOnAnOpenDealIsSuppressedByACountAboveZeroOrTrue() {
        assertThat(check(lead("openDeals", 2), "jane@acme.com", null))
                .contains(new Suppressed(Suppressed.Reason.OPEN_DEAL, "openDeals is 2"));
        assertThat(check(lead("openDeals", "1"), "jane@acme.com", null)).map(Suppressed::reason).contains(Suppressed.Reason.OPEN_DEAL);
        assertThat(check(lead("openDeals", true), "jane@acme.com", null)).map(Suppressed::reason).contains(Suppressed.Reason.OPEN_DEAL);
        assertThat(check(lead("openDeals", 0), "jane@acme.com", null)).isEmpty();
        assertThat(check(lead("openDeals", "0"), "jane@acme.com", null)).isEmpty();
    }

    @Test
    void roleMailboxesAndFreeMailAreRecognisedByTheEmailStandardizer() {
        assertThat(check(lead(), "Info@Acme.com", null))
                .contains(new Suppressed(Suppressed.Reason.ROLE_ADDRESS, "info@acme.com is a role mailbox, not a person"));
        assertThat(check(lead(), "jane.doe@gmail.com", null))
                .contains(new Suppressed(Suppressed.Reason.FREE_MAIL, "jane.doe@gmail.com is a free-mail address (gmail.com)"));

        SuppressionRules lenient = new SuppressionRules(new OutreachConfig.Suppress(null, null, null, null, null, false, false));
        assertThat(lenient.check(lead(), "info@gmail.com", null, facts, NOW)).isEmpty();
    }

    @Test
    void aPersonContactedWithinTheDaysOnAnyChannelIsSuppressedWithHowLongAgo() {
        facts.lastContact = new SuppressionFacts.Contact(NOW.minus(Duration.ofDays(12)).minusSeconds(60), "email");
        assertThat(check(lead(), "jane@acme.com", null))
                .contains(new Suppressed(Suppressed.Reason.RECENTLY_CONTACTED, "contacted 12 days ago by email (30-day rule)"));

        facts.lastContact = new SuppressionFacts.Contact(NOW.minusSeconds(3600), "LinkedIn");
        assertThat(check(lead(), null, "https://www.linkedin.com/in/jane"))
                .contains(new Suppressed(Suppressed.Reason.RECENTLY_CONTACTED, "contacted today by LinkedIn (30-day rule)"));

        facts.lastContact = new SuppressionFacts.Contact(NOW.minus(Duration.ofDays(31)), "email");
        assertThat(check(lead(), "jane@acme.com", null)).isEmpty();
    }

    @Test
    void aPersonAlreadyEnrolledUnderAnotherRecordIsSuppressedWithThatRecordAndTheScore() {
        facts.enrolled = new SuppressionFacts.Enrolled("contact 1234", 0.9712);
        assertThat(check(lead(), "jane@acme.com", null)).contains(new Suppressed(Suppressed.Reason.ALREADY_ENROLLED,
                "already enrolled as contact 1234 (dedupe rule contacts, score 0.97)"));
    }

    @Test
    void theRecordsOwnFieldsDecideBeforeTheStoreIsAsked() {
        facts.lastContact = new SuppressionFacts.Contact(NOW.minus(Duration.ofDays(1)), "email");
        facts.enrolled = new SuppressionFacts.Enrolled("contact 1234", 0.99);

        assertThat(check(lead("emailOptOut", true, "lifecycleStage", "customer"), "info@acme.com", null))
                .map(Suppressed::reason).contains(Suppressed.Reason.OPTED_OUT);
        assertThat(check(lead("lifecycleStage", "customer"), "jane@acme.com", null))
                .map(Suppressed::reason).contains(Suppressed.Reason.CUSTOMER);
        assertThat(facts.asked).isEmpty();
    }

    @Test
    void withoutRulesNothingIsSuppressedAndTheStoreIsNotAsked() {
        SuppressionRules none = new SuppressionRules(new OutreachConfig.Suppress(null, null, null, null, null, false, null));
        facts.lastContact = new SuppressionFacts.Contact(NOW, "email");
        facts.enrolled = new SuppressionFacts.Enrolled("contact 1", 1.0);

        assertThat(none.check(lead("emailOptOut", true, "lifecycleStage", "customer", "openDeals", 3), "info@acme.com", null, facts, NOW))
                .isEmpty();
        assertThat(facts.asked).isEmpty();
    }

    private Optional<Suppressed> check(Map<String, Object> record, String email, String linkedin) {
        return rules.check(record, email, linkedin, facts, NOW);
    }

    private static Map<String, Object> lead(Object... pairs) {
        Map<String, Object> record = new HashMap<>();
        record.put("firstName", "Jane");
        record.put("lifecycleStage", "lead");
        for (int i = 0; i < pairs.length; i += 2) {
            record.put((String) pairs[i], pairs[i + 1]);
        }
        return record;
    }

    private static final class RecordingFacts implements SuppressionFacts {
        final List<String> asked = new ArrayList<>();
        Contact lastContact;
        Enrolled enrolled;

        @Override
        public Optional<Contact> lastContacted(String email, String linkedin) {
            asked.add("lastContacted " + email + " " + linkedin);
            return Optional.ofNullable(lastContact);
        }

        @Override
        public Optional<Enrolled> enrolledAs(String dedupeRule, Map<String, Object> record) {
            asked.add("enrolledAs " + dedupeRule);
            return Optional.ofNullable(enrolled);
        }
    }
}
