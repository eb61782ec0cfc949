package io.middlemile.connector.crustdata;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.EnrichAnswer;
import io.middlemile.connector.EnrichResult;
import io.middlemile.connector.EnrichResult.Outcome;
import io.middlemile.connector.EnrichTicket;
import io.middlemile.model.Entity;
import io.middlemile.sandbox.crustdata.CrustdataEmulator;
import io.middlemile.sandbox.crustdata.CrustdataEmulatorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.middlemile.connector.crustdata.CrustdataTestSupport.KEY;
import static io.middlemile.connector.crustdata.CrustdataTestSupport.company;
import static io.middlemile.connector.crustdata.CrustdataTestSupport.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lookups through the connector against the emulator: the world's values, and the credits charged equal the credits reported. */
class CrustdataConnectorEmulatorTest {

    private CrustdataEmulator emulator;
    private CrustdataConnector connector;

    @BeforeEach
    void start() {
        emulator = CrustdataEmulator.start(CrustdataEmulatorSettings.defaults(KEY).withRequestsPerMinute(10_000)
                .withBatchDelay(Duration.ofMillis(300)), 0);
        connector = CrustdataTestSupport.connector(emulator.baseUrl(),
                CrustdataTestSupport.fast(emulator.baseUrl()).withPollInterval(Duration.ofMillis(100)));
    }

    @AfterEach
    void stop() {
        emulator.stop();
    }

    @Test
    void peopleAndCompaniesComeBackWithTheWorldsValuesAndTheCreditsTheEmulatorCharged() {
        List<EnrichResult> people = connector.submit(Entity.PERSON, List.of(
                person("jim", "https://www.linkedin.com/in/jim-halpert", null, "email", "mobilePhone", "title", "seniority"),
                person("raj", null, "raj.kumar@globex.io", "email", "title"),
                person("liz", "https://www.linkedin.com/in/liz-o-brien", null, "email", "seniority"),
                person("angela", "https://www.linkedin.com/in/angela-martin", null, "title"),
                person("broken", "linkedin.com/in/", null, "title"))).results();
        List<EnrichResult> companies = connector.submit(Entity.COMPANY, List.of(
                company("acme", "acme.com", "employeeCount", "industry", "annualRevenue", "country"),
                company("northwind", "northwind.co.uk", "industry"))).results();

        EnrichResult jim = people.get(0);
        assertThat(jim.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(jim.values()).hasSize(4);
        assertThat(jim.values().get("email").value()).isEqualTo("jim@dundermifflin.com");
        assertThat(jim.values().get("email").verification()).isEqualTo("deliverable");
        assertThat(jim.values().get("mobilePhone").value()).isEqualTo("+15705550305");
        assertThat(jim.values().get("title").value()).isEqualTo("Account Executive");
        assertThat(jim.values().get("seniority").value()).isEqualTo("individual-contributor");
        assertThat(jim.credits()).isEqualTo(4.0);
        assertThat(people.get(1).values().get("title").value()).isEqualTo("Software Engineer II");
        assertThat(people.get(1).values().get("email").confidence()).isEqualTo(0.9);
        assertThat(people.get(1).credits()).isEqualTo(2.0);
        // crustdata knows Liz's seniority but not her email: charged the base only
        assertThat(people.get(2).values()).containsOnlyKeys("seniority");
        assertThat(people.get(2).credits()).isEqualTo(1.0);
        assertThat(people.get(3).outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(people.get(3).credits()).isZero();
        assertThat(people.get(4).outcome()).isEqualTo(Outcome.REJECTED);

        assertThat(companies.get(0).values().get("employeeCount").value()).isEqualTo(5200L);
        assertThat(companies.get(0).values().get("industry").value()).isEqualTo("Manufacturing");
        assertThat(companies.get(0).values().get("annualRevenue").value()).isEqualTo(1_200_000_000L);
        assertThat(companies.get(0).values().get("country").value()).isEqualTo("US");
        assertThat(companies.get(0).credits()).isEqualTo(2.0);
        assertThat(companies.get(1).outcome()).isEqualTo(Outcome.NOT_FOUND);

        double reported = people.stream().mapToDouble(EnrichResult::credits).sum()
                + companies.stream().mapToDouble(EnrichResult::credits).sum();
        assertThat(reported).isEqualTo(emulator.creditsSpent()).isEqualTo(9.0);
        assertThat(connector.creditBalance().getAsDouble()).isEqualTo(1_000 - 9.0);
        assertThat(connector.check().healthy()).isTrue();
    }

    @Test
    void aBatchJobIsPolledToTheWorldsValuesAndChargedOnce() throws InterruptedException {
        EnrichAnswer submitted = connector.submitBatch(Entity.PERSON, List.of(
                person("jim", "https://www.linkedin.com/in/jim-halpert", null, "title", "email"),
                person("nobody", "https://www.linkedin.com/in/nobody-at-all", null, "title")));
        EnrichTicket ticket = submitted.pending().orElseThrow();

        EnrichAnswer answer = connector.poll(ticket);
        for (int i = 0; i < 50 && answer.pending().isPresent(); i++) {
            Thread.sleep(50);
            answer = connector.poll(answer.pending().get());
        }

        assertThat(answer.pending()).isEmpty();
        assertThat(answer.results()).extracting(EnrichResult::key, EnrichResult::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("jim", Outcome.FOUND), org.assertj.core.groups.Tuple.tuple("nobody", Outcome.NOT_FOUND));
        assertThat(answer.results().get(0).values().get("title").value()).isEqualTo("Account Executive");
        assertThat(answer.results().stream().mapToDouble(EnrichResult::credits).sum()).isEqualTo(emulator.creditsSpent()).isEqualTo(2.0);
        assertThat(emulator.submissions()).isEqualTo(1);
    }

    @Test
    void withBatchFromSetALargeCallGoesAsOneBatchJobForItsMainIdentifierKindAndTheRestAtOnce() throws InterruptedException {
        CrustdataConnector batching = CrustdataTestSupport.connector(emulator.baseUrl(),
                CrustdataTestSupport.fast(emulator.baseUrl()).withPollInterval(Duration.ofMillis(100)).withBatchFrom(3));
        assertThat(batching.offers()).allSatisfy(offer -> assertThat(offer.maxPerCall()).isEqualTo(10_000));

        EnrichAnswer submitted = batching.submit(Entity.PERSON, List.of(
                person("jim", "https://www.linkedin.com/in/jim-halpert", null, "title"),
                person("nobody", "https://www.linkedin.com/in/nobody-at-all", null, "title"),
                person("pam", null, "pam@dundermifflin.com", "title")));

        // the two LinkedIn lookups went as a batch job; the one by email was answered at once
        EnrichTicket ticket = submitted.pending().orElseThrow();
        assertThat(ticket.keys()).containsExactly("jim", "nobody");
        assertThat(submitted.results()).extracting(EnrichResult::key, EnrichResult::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pam", Outcome.FOUND));
        EnrichAnswer answer = batching.poll(ticket);
        for (int i = 0; i < 50 && answer.pending().isPresent(); i++) {
            Thread.sleep(50);
            answer = batching.poll(answer.pending().get());
        }
        assertThat(answer.results()).extracting(EnrichResult::key, EnrichResult::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("jim", Outcome.FOUND), org.assertj.core.groups.Tuple.tuple("nobody", Outcome.NOT_FOUND));
        // below batchFrom: at once, in calls of 25
        assertThat(batching.submit(Entity.PERSON, List.of(person("jim", "https://www.linkedin.com/in/jim-halpert", null, "title")))
                .pending()).isEmpty();
    }

    @Test
    void aGatewayTimeoutOnASubmissionIsFatalAndTheSubmissionIsNotSentAgain() {
        emulator.failNext(504, 1);

        assertThatThrownBy(() -> connector.submit(Entity.PERSON, List.of(person("jim", "https://www.linkedin.com/in/jim-halpert",
                null, "title")))).isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL));
        assertThat(emulator.submissions()).isEqualTo(1);
    }

    @Test
    void runningOutOfCreditsIsQuotaExhaustedAndNotRetried() {
        emulator.setCredits(1);

        assertThatThrownBy(() -> connector.submit(Entity.COMPANY, List.of(company("acme", "acme.com", "industry"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED));
        assertThat(emulator.submissions()).isEqualTo(1);
        assertThat(emulator.creditsSpent()).isZero();
    }
}
