package io.middlemile.connector;

import io.middlemile.govern.RunOutcome;
import io.middlemile.store.JobRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The contract every connector passes (DESIGN.md section 8): paging without gaps or repeats, also
 * across a page boundary inside one shared timestamp; resume from a stored cursor with a new
 * instance; idempotent replay of a write batch; per-record errors that do not sink a batch; a
 * {@link Connector#check()} that never throws, healthy against a working target and clearly unhealthy
 * with refused credentials or an unreachable target; a {@link Connector#describe()} naming the type,
 * the objects and fields of the connection and exactly the capabilities it offers; a rate limit that is
 * waited out (the provider's own signal: a 429 with {@code Retry-After} where it sends one); a spent
 * daily quota thrown as {@link ConnectorException.Kind#QUOTA_EXHAUSTED} that pauses the run.
 * A connector's subclass supplies a {@link Fixture}: a source seeded with records and a sink. What a
 * provider does not have (a CSV file has no credentials, rate limits or quota) its fixture leaves empty,
 * and the case is skipped saying so.
 */
public abstract class ConnectorContractTest {

    /** A seeded source and a target for one test; closed after it. */
    protected interface Fixture extends AutoCloseable {
        String object();

        /** A connector reading the seeded records (a new instance on every call). */
        ChangeSource openSource();

        RecordSink sink();

        /** Records to write that the target accepts; keys are unique per {@code seed}. */
        List<TargetRecord> validRecords(int count, String seed);

        /** A record the target rejects (bad value or unknown field). */
        TargetRecord invalidRecord();

        /** Records now in the target object. */
        int countInTarget();

        /** The connection under test, on the seeded source; {@code describe()} and {@code check()} are asked of it. */
        Connector connector();

        /** The connector type {@code describe()} must name, as registered in {@link Providers}. */
        String type();

        /** The objects of the connection and, for each, the fields its connector file lists. */
        Map<String, List<String>> configuredObjects();

        /** The same connection with credentials the target refuses; empty when the connector has none. */
        default Optional<Connector> withRefusedCredentials() {
            return Optional.empty();
        }

        /** The connection pointed at a target that cannot be reached (a base URL nobody listens on, a path that is no file). */
        Connector unreachable();

        /**
         * Has the target refuse the next {@code calls} calls with the provider's own rate-limit signal (a 429 with
         * {@code Retry-After} where the provider sends one). Empty when the provider has no rate limits.
         */
        default Optional<RateLimit> rateLimitNext(int calls) {
            return Optional.empty();
        }

        /** Spends the target's daily request quota, so every further call is refused. Empty when the provider has no quota. */
        default Optional<DailyQuota> exhaustDailyQuota() {
            return Optional.empty();
        }

        @Override
        void close();
    }

    /**
     * A rate limit the fixture set up.
     *
     * @param retryAfter the wait the provider asks for in its answer; {@link Duration#ZERO} when its signal names none
     * @param pending    refusals set up but not answered yet
     */
    public record RateLimit(Duration retryAfter, LongSupplier pending) {
    }

    /** A spent daily quota; {@code resumeAt} is when the provider says it comes back, null when it does not say. */
    public record DailyQuota(Instant resumeAt) {
    }

    /** The capability interfaces a route can look up ({@link Connector#capability}); {@code describe()} must list exactly those offered. */
    private static final List<Class<?>> CAPABILITIES = List.of(Archiver.class, ChangeSource.class, CheckpointedSink.class,
            CurrentState.class, Lookup.class, Merger.class, RecordSink.class, io.middlemile.connector.UserDirectory.class);

    /**
     * A fixture whose source holds {@code total} records, of which {@code sharingOneTimestamp}
     * share a single modification timestamp.
     */
    protected abstract Fixture fixture(int total, int sharingOneTimestamp);

    private Fixture fixture;

    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Fixture open(int total, int shared) {
        fixture = fixture(total, shared);
        return fixture;
    }

    @Test
    void pagesWithoutGapsOrRepeatsAcrossASharedTimestamp() {
        Fixture f = open(260, 130);
        List<String> ids = readAll(f.openSource(), f.object(), Cursor.START, 50, new ArrayList<>());
        assertThat(ids).hasSize(260);
        assertThat(new HashSet<>(ids)).hasSize(260);
    }

    @Test
    void resumesFromAStoredCursorWithANewInstance() {
        Fixture f = open(180, 90);
        ChangeSource first = f.openSource();
        List<String> ids = new ArrayList<>();
        SourcePage page = first.readChanges(f.object(), Cursor.START, 40);
        page.records().forEach(r -> ids.add(r.ref().sourceId()));
        page = first.readChanges(f.object(), page.next(), 40);
        page.records().forEach(r -> ids.add(r.ref().sourceId()));
        Cursor stored = new Cursor(page.next().value()); // as the hub stores and reloads it
        readAll(f.openSource(), f.object(), stored, 40, ids);
        assertThat(ids).hasSize(180);
        assertThat(new HashSet<>(ids)).hasSize(180);
    }

    @Test
    void replayingAWriteBatchCreatesNoDuplicates() {
        Fixture f = open(0, 0);
        int before = f.countInTarget();
        List<TargetRecord> batch = f.validRecords(30, "replay");
        List<WriteOutcome> first = f.sink().upsert(f.object(), batch);
        List<WriteOutcome> replay = f.sink().upsert(f.object(), batch);
        assertThat(first).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThat(replay).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThat(replay).extracting(WriteOutcome::targetId).containsExactlyElementsOf(first.stream().map(WriteOutcome::targetId).toList());
        assertThat(f.countInTarget()).isEqualTo(before + 30);
    }

    @Test
    void oneBadRecordDoesNotSinkItsBatch() {
        Fixture f = open(0, 0);
        List<TargetRecord> batch = new ArrayList<>(f.validRecords(9, "mixed"));
        batch.add(4, f.invalidRecord());
        List<WriteOutcome> outcomes = f.sink().upsert(f.object(), batch);
        assertThat(outcomes).hasSize(10);
        assertThat(outcomes.get(4).status()).isEqualTo(WriteOutcome.Status.REJECTED);
        assertThat(outcomes.get(4).reason()).isNotBlank();
        assertThat(outcomes).filteredOn(o -> o.status() == WriteOutcome.Status.WRITTEN).hasSize(9);
    }

    @Test
    void checkIsHealthyAgainstAWorkingTarget() {
        Fixture f = open(5, 0);
        HealthCheck result = checkWithoutThrowing(f.connector());
        assertThat(result.healthy()).as("check() of a working connection: %s", result.message()).isTrue();
        assertThat(result.message()).isNotBlank();
    }

    @Test
    void checkReportsRefusedCredentialsWithoutThrowing() {
        Fixture f = open(5, 0);
        Optional<Connector> refused = f.withRefusedCredentials();
        assumeThat(refused).as("%s: the connector has no credentials to refuse (Fixture.withRefusedCredentials is empty)",
                getClass().getSimpleName()).isPresent();
        assertClearlyUnhealthy(f, checkWithoutThrowing(refused.get()));
    }

    @Test
    void checkReportsAnUnreachableTargetWithoutThrowing() {
        Fixture f = open(5, 0);
        assertClearlyUnhealthy(f, checkWithoutThrowing(f.unreachable()));
    }

    @Test
    void describeNamesTheTypeTheObjectsAndFieldsAndExactlyTheCapabilitiesOffered() {
        Fixture f = open(5, 0);
        Connector connector = f.connector();
        ConnectorDescription description = connector.describe();

        assertThat(description.type()).isEqualTo(f.type());
        assertThat(Providers.CATALOG.provider(description.type())).as("a registered, runnable provider")
                .hasValueSatisfying(p -> assertThat(p.runnable()).isTrue());
        assertThat(description.id()).isNotBlank();
        assertThat(description.objects()).containsOnlyKeys(f.configuredObjects().keySet());
        f.configuredObjects().forEach((object, fields) ->
                assertThat(description.objects().get(object)).as("fields of %s", object).containsAll(fields));
        List<String> offered = CAPABILITIES.stream().filter(c -> connector.capability(c).isPresent()).map(Class::getSimpleName).sorted().toList();
        assertThat(description.capabilities()).as("capabilities described").isEqualTo(offered)
                .isEqualTo(ConnectorDescription.capabilitiesOf(connector.getClass()));
    }

    @Test
    void aRateLimitIsWaitedOutAndTheCallThenSucceeds() {
        Fixture f = open(20, 0);
        int before = f.countInTarget();
        Optional<RateLimit> limit = f.rateLimitNext(1);
        assumeThat(limit).as("%s: the provider has no rate limits (Fixture.rateLimitNext is empty)", getClass().getSimpleName()).isPresent();

        long started = System.nanoTime();
        List<WriteOutcome> outcomes = f.sink().upsert(f.object(), f.validRecords(30, "throttled"));
        Duration writing = Duration.ofNanos(System.nanoTime() - started);

        assertThat(outcomes).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThat(f.countInTarget()).isEqualTo(before + 30);
        assertThat(limit.get().pending().getAsLong()).as("the refusal was answered and retried").isZero();
        assertThat(writing).as("waited as long as the provider asked").isGreaterThanOrEqualTo(limit.get().retryAfter());

        RateLimit again = f.rateLimitNext(1).orElseThrow();
        started = System.nanoTime();
        List<String> ids = readAll(f.openSource(), f.object(), Cursor.START, 50, new ArrayList<>());
        Duration reading = Duration.ofNanos(System.nanoTime() - started);

        assertThat(new HashSet<>(ids)).hasSize(ids.size()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(again.pending().getAsLong()).isZero();
        assertThat(reading).isGreaterThanOrEqualTo(again.retryAfter());
    }

    @Test
    void aSpentDailyQuotaIsThrownAsQuotaExhaustedAndPausesTheRun() {
        Fixture f = open(5, 0);
        Optional<DailyQuota> quota = f.exhaustDailyQuota();
        assumeThat(quota).as("%s: the provider has no daily quota (Fixture.exhaustDailyQuota is empty)", getClass().getSimpleName()).isPresent();

        ConnectorException reading = catchThrowableOfType(() -> f.openSource().readChanges(f.object(), Cursor.START, 10),
                ConnectorException.class);
        ConnectorException writing = catchThrowableOfType(() -> f.sink().upsert(f.object(), f.validRecords(3, "over-quota")),
                ConnectorException.class);

        for (ConnectorException e : List.of(reading, writing)) {
            assertThat(e).as("a call once the quota is spent throws").isNotNull();
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(ConnectorException.Kind.QUOTA_EXHAUSTED);
            assertThat(e.resumeAt()).isEqualTo(quota.get().resumeAt());
            assertThat(e.getMessage()).isNotBlank();
            RunOutcome outcome = RunOutcome.of(e);
            assertThat(outcome.status()).isEqualTo(JobRun.Status.PAUSED);
            assertThat(outcome.resumeAt()).isEqualTo(quota.get().resumeAt());
            assertThat(outcome.resumable()).isTrue();
        }
    }

    private static HealthCheck checkWithoutThrowing(Connector connector) {
        HealthCheck[] result = new HealthCheck[1];
        assertThatCode(() -> result[0] = connector.check()).as("check() never throws")
                .doesNotThrowAnyException();
        assertThat(result[0]).isNotNull();
        return result[0];
    }

    /** Unhealthy, with a message that names the connection so the person reading it knows which one to fix. */
    private static void assertClearlyUnhealthy(Fixture f, HealthCheck result) {
        assertThat(result.healthy()).as("check() of a broken connection: %s", result.message()).isFalse();
        assertThat(result.message()).isNotBlank().contains(f.connector().describe().id());
    }

    /** A loopback base URL nothing listens on. */
    protected static String unreachableBaseUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads from {@code cursor} until the last page, appending ids; fails on an endless source. */
    protected static List<String> readAll(ChangeSource source, String object, Cursor cursor, int pageSize, List<String> ids) {
        Cursor at = cursor;
        Set<String> cursors = new HashSet<>();
        for (int pages = 0; pages < 10_000; pages++) {
            SourcePage page = source.readChanges(object, at, pageSize);
            assertThat(page.size()).isLessThanOrEqualTo(pageSize);
            page.records().forEach(r -> ids.add(r.ref().sourceId()));
            if (page.last()) {
                return ids;
            }
            assertThat(cursors.add(page.next().value())).as("cursor must advance: %s", page.next().value()).isTrue();
            at = page.next();
        }
        throw new AssertionError("source never reported its last page");
    }
}
