package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outreach ledger ({@code outreach_sends}): every send the outreach step made, deferred, skipped or refused. It
 * answers what the step asks before it sends: was this record already sent to by this outreach, when was this person
 * last contacted on any channel, how much has a sending account used today and this week, which deferred sends are
 * due. A deferred row keeps the send itself, so a send waiting for its window survives restarts and is never dropped.
 */
@Component
public class OutreachSendStore {

    /** What became of a send, as the ledger keeps it. */
    public enum Status {
        SENT, SKIPPED, REJECTED, DEFERRED, SUPPRESSED,
        /**
         * A LinkedIn message waiting for its invitation to be accepted ({@link #followUps}), or an enrolment or invitation
         * the policy parked, waiting for its review ({@link #park}).
         */
        AWAITING;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Status of(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * One row of the ledger.
     *
     * @param outreach  the outreach file ({@code outreach/NAME.yaml}) it was made for
     * @param channel   email or linkedin
     * @param kind      enrol, invite or message
     * @param account   the sending account (a LinkedIn account), null for email
     * @param recordKey the record's key in the hub (as the journal keys it)
     * @param person    who was contacted: the lower-cased email, or the LinkedIn identifier
     * @param rule      for a suppressed send: the suppression rule that held it back (customer, open-deal, ...)
     * @param dueAt     for a deferred send: when it may go
     * @param sentAt    when the provider was called (also for a skipped or refused call)
     * @param send      the send as the connector takes it (kept for deferred sends)
     */
    public record Entry(long id, String outreach, String job, long runId, String channel, String kind, String connection, String account,
                        String recordKey, String person, Status status, String rule, String reason, Instant dueAt, Instant sentAt, String providerId,
                        Map<String, Object> send) {

        /**
         * Whether an agent's call made this row ({@code enroll}): an agent's run is named after the agent ({@code agent:NAME},
         * the actor its sends are journaled under), a job's after its route, which has no ':'. Its deferred send and its
         * follow-up message stay the agent's: the job runs leave them ({@link #due}, {@link #followUps}).
         */
        public boolean byAgent() {
            return job != null && job.startsWith(AGENT_JOB);
        }

        /** The same row sent from {@code sender} (a LinkedIn account). */
        public Entry withAccount(String sender) {
            return new Entry(id, outreach, job, runId, channel, kind, connection, sender, recordKey, person, status, rule, reason, dueAt,
                    sentAt, providerId, send);
        }
    }

    /** How an agent's runs are named ({@code agent:NAME}); a job's name is lowercase letters, digits and dashes. */
    private static final String AGENT_JOB = "agent:";

    private static final String COLUMNS = "id, outreach, job, run_id, channel, kind, connection, account, record_key, person, status,"
            + " rule, reason, due_at, sent_at, provider_id, send::text";

    /** {@link #COLUMNS} of the ledger aliased {@code s} in a join. */
    /** The columns as {@link #ROW} reads them, what each send was left out (null). */
    private static final String TALLY_COLUMNS = COLUMNS.replace("send::text", "null::text");

    private static final String S_COLUMNS = java.util.Arrays.stream(COLUMNS.split(",\\s*")).map(column -> "s." + column)
            .collect(java.util.stream.Collectors.joining(", "));

    private static final RowMapper<Entry> ROW = (rs, row) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
            Status.of(rs.getString(11)), rs.getString(12), rs.getString(13), instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)),
            rs.getString(16), Json.read(rs.getString(17)));

    private final JdbcTemplate jdbc;

    public OutreachSendStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds rows (their ids are ignored), in one statement. A sent or deferred row of a record this outreach already sent to on
     * that channel is not added again (a replayed page); one of a record whose send was parked for review takes the parked
     * row's place. The answer is how many were added.
     */
    public int add(List<Entry> entries) {
        entries = onceEach(entries);
        if (entries.isEmpty()) {
            return 0;
        }
        // one multi-row insert over column arrays: a page's rows in one round trip, where a JDBC batch of 100 inserts took
        // 6 ms of a page of 100 and this takes 4 (OutreachBenchmark)
        int size = entries.size();
        String[][] columns = new String[16][size];
        for (int i = 0; i < size; i++) {
            Entry e = entries.get(i);
            String[] row = {e.outreach(), e.job(), Long.toString(e.runId()), e.channel(), e.kind(), e.connection(), e.account(),
                    e.recordKey(), e.person(), e.status().id(), e.rule(), e.reason(), text(e.dueAt()), text(e.sentAt()), e.providerId(),
                    Json.write(e.send())};
            for (int c = 0; c < row.length; c++) {
                columns[c][i] = row[c];
            }
        }
        return jdbc.update("insert into outreach_sends (outreach, job, run_id, channel, kind, connection, account, record_key, person,"
                + " status, rule, reason, due_at, sent_at, provider_id, send)"
                + " select outreach, job, run_id::bigint, channel, kind, connection, account, record_key, person, status, rule, reason,"
                + " due_at::timestamptz, sent_at::timestamptz, provider_id, send::jsonb"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) with ordinality"
                + " as r(outreach, job, run_id, channel, kind, connection, account, record_key, person, status, rule, reason, due_at,"
                + " sent_at, provider_id, send, n) order by n"
                // the one index a row can conflict on, named: a bare "on conflict do nothing" made the database probe every
                // unique index of every row, and the page's ledger insert took 9 ms of its CPU instead of 6.6 (OutreachBenchmark).
                // A sent or deferred row takes the place of the record's send parked for review ({@link #park}): the send was
                // made after all (its record read again, the approval carried out); any other conflict adds nothing
                + " on conflict (outreach, channel, kind, record_key) where status in ('sent', 'deferred', 'awaiting')"
                + " do update set " + REPLACED + " where outreach_sends.status = 'awaiting' and outreach_sends.kind <> 'message'",
                (Object[]) columns);
    }

    /**
     * The rows without a second sent, deferred or awaiting row of one outreach, channel, kind and record (the first is kept,
     * as the database kept it when the insert did nothing on a conflict): one insert may not update a row it inserted itself.
     */
    private static List<Entry> onceEach(List<Entry> entries) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Entry> once = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            boolean indexed = e.status() == Status.SENT || e.status() == Status.DEFERRED || e.status() == Status.AWAITING;
            if (!indexed || seen.add(e.outreach() + '\n' + e.channel() + '\n' + e.kind() + '\n' + e.recordKey())) {
                once.add(e);
            }
        }
        return once.size() == entries.size() ? entries : once;
    }

    /** What a row added over a parked one takes from the new row: all of it but its id and when the record was first parked. */
    private static final String REPLACED = "job = excluded.job, run_id = excluded.run_id, connection = excluded.connection,"
            + " account = excluded.account, person = excluded.person, status = excluded.status, rule = excluded.rule,"
            + " reason = excluded.reason, due_at = excluded.due_at, sent_at = excluded.sent_at, provider_id = excluded.provider_id,"
            + " send = excluded.send";

    /**
     * Keeps a send the policy parked for review ({@code awaiting}, the review item's id in its send), so that it goes once
     * approved whether or not its record is read again ({@link #reviewed}). It replaces the record's earlier parked send of
     * that outreach, channel and kind (the latest is the one its review item describes); a record already sent to or
     * waiting for a deferred send keeps that row, and nothing is parked.
     */
    public void park(Entry entry) {
        jdbc.update("insert into outreach_sends (outreach, job, run_id, channel, kind, connection, account, record_key, person, status,"
                        + " reason, send) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'awaiting', ?, ?::jsonb)"
                        + " on conflict (outreach, channel, kind, record_key) where status in ('sent', 'deferred', 'awaiting')"
                        + " do update set " + REPLACED + " where outreach_sends.status = 'awaiting' and outreach_sends.kind <> 'message'",
                entry.outreach(), entry.job(), entry.runId(), entry.channel(), entry.kind(), entry.connection(), entry.account(),
                entry.recordKey(), entry.person(), entry.reason(), Json.write(entry.send()));
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    /** The sent or deferred rows of these records for one outreach, channel and kind (enrol, invite), by record key. */
    public Map<String, Entry> outstanding(String outreach, String channel, String kind, Collection<String> recordKeys) {
        Map<String, Entry> found = new LinkedHashMap<>();
        if (recordKeys.isEmpty()) {
            return found;
        }
        // one probe of outreach_sends_once_idx per key (at most one sent or deferred row each): "record_key = any(?)" was
        // planned as a scan of the outreach's rows once the ledger grew within a run (no statistics yet), 25 ms a page at
        // 20,000 rows, and so was a plain join
        jdbc.query("select " + S_COLUMNS + " from unnest(?::text[]) as k(record_key) cross join lateral (select * from outreach_sends o"
                        + " where o.outreach = ? and o.channel = ? and o.kind = ? and o.record_key = k.record_key"
                        + " and o.status in ('sent', 'deferred') limit 1) s", ROW, recordKeys.toArray(String[]::new), outreach, channel, kind)
                .forEach(entry -> found.put(entry.recordKey(), entry));
        return found;
    }

    /**
     * A send to a person: when, on which channel, by which outreach file and to which of its records.
     *
     * @param outreach  the outreach file that sent it
     * @param recordKey the record it was sent to as
     */
    public record Contact(Instant at, String channel, String outreach, String recordKey) {
    }

    /**
     * The sends to each of these people that "contacted within N days" of outreach {@code outreach} weighs, by person: the
     * latest send of any other outreach file, and every send of {@code outreach} itself (the rule leaves out its own sends
     * on its other channel and to the same record, which only the caller can tell apart). People never sent to are absent.
     */
    public Map<String, List<Contact>> lastContacts(String outreach, Collection<String> people) {
        Map<String, List<Contact>> last = new LinkedHashMap<>();
        if (people.isEmpty()) {
            return last;
        }
        // each person's latest send of another file read off outreach_sends_person_idx (person, sent_at), one probe per person,
        // whatever the planner knows of the table's size ("person = any(?)" went to a bitmap over every sent row as the
        // ledger grew); the file's own sends to the person are a handful (one per record, channel and kind)
        jdbc.query("select p.person, s.sent_at, s.channel, s.outreach, s.record_key from unnest(?::text[]) as p(person) cross join lateral"
                + " ((select sent_at, channel, outreach, record_key from outreach_sends where status = 'sent' and person = p.person"
                + "   and outreach <> ? order by sent_at desc limit 1)"
                + "  union all (select sent_at, channel, outreach, record_key from outreach_sends where status = 'sent'"
                + "   and person = p.person and outreach = ?)) s",
                rs -> {
                    last.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Contact(rs.getTimestamp(2).toInstant(),
                            rs.getString(3), rs.getString(4), rs.getString(5)));
                }, people.toArray(String[]::new), outreach, outreach);
        return last;
    }

    /** Which of these records (any outreach, any channel) were sent to or wait for a deferred send. */
    public java.util.Set<String> enrolled(Collection<String> recordKeys) {
        if (recordKeys.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.queryForList("select distinct record_key from outreach_sends where record_key = any(?)"
                + " and status in ('sent', 'deferred')", String.class, (Object) recordKeys.toArray(String[]::new)));
    }

    /**
     * The record each of these people was last sent to as (by any outreach): where a reply or an accepted invitation is
     * written back. Keys are the people as given (lower-cased emails, LinkedIn identifiers); people never sent to are absent.
     */
    public Map<String, String> recordsOf(Collection<String> people) {
        Map<String, String> records = new LinkedHashMap<>();
        if (people.isEmpty()) {
            return records;
        }
        jdbc.query("select distinct on (person) person, record_key from outreach_sends where status = 'sent' and person = any(?)"
                + " order by person, sent_at desc", rs -> {
                    records.put(rs.getString(1), rs.getString(2));
                }, (Object) people.toArray(String[]::new));
        return records;
    }

    /**
     * When the accounts' calls were made at a connection since a time, by account: {@code sent} the calls of one kind the
     * provider took (invitations, or messages), {@code made} every call of any kind (each invitation or message cost a
     * profile look-up, refused or not). One query for all the accounts of a run.
     */
    public record CallTimes(List<Instant> sent, List<Instant> made) {
    }

    public Map<String, CallTimes> callTimes(String connection, Collection<String> accounts, String kind, Instant since) {
        Map<String, List<Instant>> sent = new LinkedHashMap<>();
        Map<String, List<Instant>> made = new LinkedHashMap<>();
        jdbc.query("select account, status, sent_at, kind from outreach_sends where connection = ? and account = any(?)"
                + " and sent_at >= ? and status in ('sent', 'skipped', 'rejected') order by sent_at", rs -> {
                    Instant at = rs.getTimestamp(3).toInstant();
                    made.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(at);
                    if ("sent".equals(rs.getString(2)) && kind.equals(rs.getString(4))) {
                        sent.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(at);
                    }
                }, connection, accounts.toArray(String[]::new), Timestamp.from(since));
        Map<String, CallTimes> times = new LinkedHashMap<>();
        for (String account : accounts) {
            times.put(account, new CallTimes(sent.getOrDefault(account, List.of()), made.getOrDefault(account, List.of())));
        }
        return times;
    }

    /**
     * The jobs' deferred sends of an outreach that may go at {@code now}, oldest first; messages are {@link #followUps}'. An
     * agent's ({@link Entry#byAgent}) are left out: they go as the agent's, with its next call for the record, never as a job's.
     */
    public List<Entry> due(String outreach, Instant now, int limit) {
        return jdbc.query("select " + COLUMNS + " from outreach_sends where outreach = ? and status = 'deferred' and due_at <= ?"
                + " and kind <> 'message' and job not like ? order by due_at, id limit ?", ROW, outreach, Timestamp.from(now),
                AGENT_JOB + "%", limit);
    }

    /**
     * Closes an agent's deferred invitation that a job run takes over (skipped, with {@code reason}; its run stays the agent's,
     * the job's run is named in the reason), and the follow-up message the agent's invitation left waiting: the job's own
     * invitation brings its own. False when the row is no longer the agent's deferred one (the agent made it meanwhile).
     */
    public boolean release(Entry deferred, String reason) {
        int closed = jdbc.update("update outreach_sends set status = 'skipped', reason = ?, due_at = null where id = ? and status = 'deferred'"
                + " and job = ?", reason, deferred.id(), deferred.job());
        if (closed == 0) {
            return false;
        }
        jdbc.update("update outreach_sends set status = 'skipped', reason = ? where outreach = ? and kind = 'message' and record_key = ?"
                        + " and job = ? and status = 'awaiting'", "its invitation was " + reason + "; the job's invitation leaves a message of its own",
                deferred.outreach(), deferred.recordKey(), deferred.job());
        return true;
    }

    /**
     * A parked send ({@link #park}) whose review item a person decided.
     *
     * @param review       the review item's id
     * @param decision     what was decided: approved, rejected, expired
     * @param decidedBy    who decided (or "middlemile" for an expiry)
     * @param carriedOutBy the run that carried out the approval already (its record was read again), or null
     */
    public record Reviewed(Entry entry, long review, ReviewItem.Status decision, String decidedBy, Long carriedOutBy) {
    }

    /** The parked email enrolments and LinkedIn invitations of an outreach whose review was decided, oldest first. */
    public List<Reviewed> reviewed(String outreach, int limit) {
        // the awaiting rows of an outreach are read off outreach_sends_awaiting_idx; messages waiting for an acceptance carry
        // no review id and drop out of the join
        return jdbc.query("select " + S_COLUMNS + ", r.id, r.status, r.decided_by, r.applied_run_id from outreach_sends s"
                        + " join reviews r on r.id = (s.send ->> 'review')::bigint"
                        + " where s.outreach = ? and s.status = 'awaiting' and s.kind in ('enrol', 'invite') and r.status <> 'pending'"
                        + " order by s.id limit ?",
                (rs, row) -> {
                    long applied = rs.getLong(21);
                    Long carriedOutBy = rs.wasNull() ? null : applied;
                    return new Reviewed(ROW.mapRow(rs, row), rs.getLong(18), ReviewItem.Status.fromWire(rs.getString(19)), rs.getString(20),
                            carriedOutBy);
                }, outreach, limit);
    }

    /**
     * Whether run {@code runId} recorded an answer for the send a parked row keeps (a row of the same outreach, channel,
     * kind and record that is not itself parked): the run that carried out its approval called the provider.
     */
    public boolean answered(Entry parked, long runId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from outreach_sends where run_id = ? and outreach = ?"
                        + " and channel = ? and kind = ? and record_key = ? and status <> 'awaiting')", Boolean.class, runId,
                parked.outreach(), parked.channel(), parked.kind(), parked.recordKey()));
    }

    /** Forgets a parked send another run made already (its record was read again and the approval carried out there). */
    public void forget(long id) {
        jdbc.update("delete from outreach_sends where id = ? and status = 'awaiting'", id);
    }

    /**
     * A LinkedIn message of the ledger with what the stored Unipile events say about its person since the row was written.
     *
     * @param acceptedAt when the person's acceptance ({@code new_relation}) was reported, or null while none is stored
     * @param acceptedBy the account whose invitation was accepted (the event's {@code account_id}): the message goes from it
     * @param repliedAt  when the person's first message ({@code message_received}) came, or null: it cancels the message
     */
    public record FollowUp(Entry entry, Instant acceptedAt, String acceptedBy, Instant repliedAt) {
    }

    /**
     * The messages of an outreach that something is to be done about now: awaiting ones whose invitation was accepted
     * at or before {@code acceptedBefore} (now less the file's delay), deferred ones due at {@code now}, and any of both
     * whose person wrote first. Acceptances and replies are the events the webhook ingress stored ({@code webhook_events},
     * kept once per event id, whatever job reads them): an event counts when it came after the message row was
     * written (the invitation was decided then) and names the person as the ledger does (the lower-cased LinkedIn
     * identifier). Oldest first, at most {@code limit}. The jobs' messages only: an agent's ({@link Entry#byAgent}) go with
     * the agent's next call for the record ({@link #followUpsOf}), as the agent's send.
     */
    public List<FollowUp> followUps(String outreach, Instant acceptedBefore, Instant now, int limit) {
        return followUps(outreach, " and s.job not like ?", List.of(AGENT_JOB + "%"), acceptedBefore, now, limit);
    }

    /** As {@link #followUps}, the messages of the records {@code recordKeys} that the agent whose run is {@code job} put there. */
    public List<FollowUp> followUpsOf(String job, String outreach, Collection<String> recordKeys, Instant acceptedBefore, Instant now) {
        if (recordKeys.isEmpty()) {
            return List.of();
        }
        return followUps(outreach, " and s.job = ? and s.record_key = any(?)", List.of(job, recordKeys.toArray(String[]::new)),
                acceptedBefore, now, recordKeys.size());
    }

    /** @param whose the condition on the ledger's row {@code s} that picks whose messages, with its arguments */
    private List<FollowUp> followUps(String outreach, String whose, List<Object> whoseArgs, Instant acceptedBefore, Instant now,
                                     int limit) {
        List<Object> args = new ArrayList<>();
        args.add(outreach);
        args.addAll(whoseArgs);
        args.addAll(List.of(Timestamp.from(acceptedBefore), Timestamp.from(now), limit));
        return jdbc.query("select f.* from (select " + S_COLUMNS + ", a.at as accepted_at, a.account as accepted_by,"
                + " (select min(coalesce(r.occurred_at, r.received_at)) from webhook_events r where r.connection = s.connection"
                + "   and lower(r.object_id) = s.person and r.subscription_type = 'message_received' and r.received_at >= s.created_at)"
                + "   as replied_at"
                + " from outreach_sends s left join lateral (select coalesce(e.occurred_at, e.received_at) as at,"
                + "   e.payload::jsonb ->> 'account_id' as account from webhook_events e where e.connection = s.connection"
                + "   and lower(e.object_id) = s.person and e.subscription_type = 'new_relation' and e.received_at >= s.created_at"
                + "   order by e.seq limit 1) a on true"
                + " where s.outreach = ? and s.kind = 'message' and s.status in ('awaiting', 'deferred')" + whose + ") f"
                + " where f.replied_at is not null or (f.status = 'awaiting' and f.accepted_at <= ?) or (f.status = 'deferred' and f.due_at <= ?)"
                + " order by coalesce(f.due_at, f.accepted_at), f.id limit ?", (rs, row) -> new FollowUp(ROW.mapRow(rs, row),
                        instant(rs.getTimestamp(18)), rs.getString(19), instant(rs.getTimestamp(20))), args.toArray());
    }

    /**
     * Drops the jobs' awaiting messages of an outreach whose invitation went out more than {@code window} before {@code now}
     * (its ledger row's {@code sent_at}, on the job's clock) and was not accepted within {@code window} of it (no stored
     * {@code new_relation} of the person, after the message row was written, that happened by then): skipped, with
     * {@code reason}, by {@code runId}. A message whose invitation is still deferred, or was accepted in time and is not due
     * yet, is kept. An agent's ({@link Entry#byAgent}) is left out, as the jobs' queues leave it: the agent's own next call
     * for the record drops it ({@link #dropUnacceptedOf}). Returns how many were dropped.
     */
    public int dropUnaccepted(String outreach, Instant now, java.time.Duration window, long runId, String reason) {
        return dropUnaccepted(outreach, " and s.job not like ?", List.of(AGENT_JOB + "%"), now, window, runId, reason).size();
    }

    /**
     * As {@link #dropUnaccepted}, the messages of the records {@code recordKeys} that the agent whose run is {@code job} put
     * there: the agent's call sweeps its own. Returns the record keys whose message was dropped.
     */
    public List<String> dropUnacceptedOf(String job, String outreach, Collection<String> recordKeys, Instant now, java.time.Duration window,
                                         long runId, String reason) {
        if (recordKeys.isEmpty()) {
            return List.of();
        }
        return dropUnaccepted(outreach, " and s.job = ? and s.record_key = any(?)", List.of(job, recordKeys.toArray(String[]::new)), now,
                window, runId, reason);
    }

    /** @param whose the condition on the message row {@code s} that picks whose messages, with its arguments */
    private List<String> dropUnaccepted(String outreach, String whose, List<Object> whoseArgs, Instant now, java.time.Duration window,
                                        long runId, String reason) {
        List<Object> args = new ArrayList<>(List.of(reason, runId, outreach));
        args.addAll(whoseArgs);
        args.addAll(List.of(Timestamp.from(now.minus(window)), (double) window.toSeconds()));
        // "accepted within the window" is when the acceptance happened, not whether one came since: an agent's call comes
        // when it comes, and a person who accepted weeks late must not get a "thanks for connecting" out of the blue
        return jdbc.queryForList("update outreach_sends s set status = 'skipped', reason = ?, run_id = ? where s.outreach = ?"
                + " and s.kind = 'message' and s.status = 'awaiting'" + whose
                + " and exists (select 1 from outreach_sends i where i.outreach = s.outreach and i.channel = 'linkedin' and i.kind = 'invite'"
                + "   and i.record_key = s.record_key and i.sent_at < ?"
                + "   and not exists (select 1 from webhook_events e where e.connection = s.connection and lower(e.object_id) = s.person"
                + "     and e.subscription_type = 'new_relation' and e.received_at >= s.created_at"
                + "     and coalesce(e.occurred_at, e.received_at) <= i.sent_at + make_interval(secs => ?)))"
                + " returning s.record_key", String.class, args.toArray());
    }

    /** Which of these people (ledger persons) an outreach already sent a LinkedIn message to. */
    public java.util.Set<String> messaged(String outreach, Collection<String> people) {
        if (people.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.queryForList("select distinct person from outreach_sends where outreach = ? and kind = 'message'"
                + " and status = 'sent' and person = any(?)", String.class, outreach, people.toArray(String[]::new)));
    }

    /** The earliest time a deferred send of an outreach is due, and how many wait. */
    public record Waiting(long count, Instant earliest) {
    }

    public Waiting waiting(String outreach) {
        return jdbc.queryForObject("select count(*), min(due_at) from outreach_sends where outreach = ? and status = 'deferred'",
                (rs, row) -> new Waiting(rs.getLong(1), instant(rs.getTimestamp(2))), outreach);
    }

    /** What became of a deferred send when its window came (sent, deferred again, refused), by the run that tried it. */
    public void settle(long id, long runId, Status status, String reason, Instant dueAt, Instant sentAt, String providerId) {
        settle(id, runId, null, status, reason, dueAt, sentAt, providerId);
    }

    /**
     * As {@link #settle(long, long, Status, String, Instant, Instant, String)}, by the account that made the call: a deferred
     * row has none until its time comes, and an account's usage (its caps) counts the calls its rows name.
     */
    public void settle(long id, long runId, String account, Status status, String reason, Instant dueAt, Instant sentAt, String providerId) {
        jdbc.update("update outreach_sends set run_id = ?, account = coalesce(?, account), status = ?, reason = ?, due_at = ?, sent_at = ?,"
                + " provider_id = ? where id = ?", runId, account, status.id(), reason, timestamp(dueAt), timestamp(sentAt), providerId, id);
    }

    /** A waiting send held back by a suppression rule after all (a LinkedIn message whose person wrote first). */
    public void suppress(long id, long runId, String rule, String reason) {
        jdbc.update("update outreach_sends set run_id = ?, status = 'suppressed', rule = ?, reason = ?, due_at = null where id = ?",
                runId, rule, reason, id);
    }

    /**
     * The awaiting message of a record made due now from {@code account}: the person is already its connection, so no
     * acceptance will come. Nothing happens when the record has no awaiting message.
     */
    public void messageNow(String outreach, String recordKey, String account, String reason, Instant now) {
        jdbc.update("update outreach_sends set status = 'deferred', account = ?, reason = ?, due_at = ? where outreach = ?"
                + " and kind = 'message' and record_key = ? and status = 'awaiting'", account, reason, Timestamp.from(now), outreach, recordKey);
    }

    /** A run's rows, in order: what a rollback lists (sends cannot be undone). */
    public List<Entry> ofRun(long runId) {
        return jdbc.query("select " + COLUMNS + " from outreach_sends where run_id = ? order by id", ROW, runId);
    }

    /**
     * A run's rows without what each send was ({@link Entry#send()} null): what the run's summary counts. Parsing every
     * send's JSON made the summary of 10,000 enrolments cost the JVM a sixth of what making them did (OutreachBenchmark's
     * profile).
     */
    public List<Entry> tallyOfRun(long runId) {
        return jdbc.query("select " + TALLY_COLUMNS + " from outreach_sends where run_id = ? order by id", ROW, runId);
    }

    /**
     * The email enrolments this outreach made in {@code destination} ({@code campaign:ID} or {@code list:ID}) to these
     * people (lower-cased emails) and not removed since, by person: who an interest update may go to.
     */
    public Map<String, Entry> enrolledIn(String outreach, String destination, Collection<String> people) {
        Map<String, Entry> found = new LinkedHashMap<>();
        if (people.isEmpty()) {
            return found;
        }
        jdbc.query("select " + COLUMNS + " from outreach_sends where outreach = ? and channel = 'email' and kind = 'enrol'"
                        + " and status = 'sent' and removed_at is null and person = any(?) and send ->> 'destination' = ? order by id", ROW,
                outreach, people.toArray(String[]::new), destination).forEach(entry -> found.put(entry.person(), entry));
        return found;
    }

    /** The interest status last set for a person in a campaign or list: {@code value} null is a reset. */
    public record Interest(Integer value, long runId, Instant at) {
    }

    /** The interest last set by this outreach in {@code destination} for these people, by person; never set: absent. */
    public Map<String, Interest> interests(String outreach, String destination, Collection<String> people) {
        Map<String, Interest> found = new LinkedHashMap<>();
        if (people.isEmpty()) {
            return found;
        }
        jdbc.query("select person, value, run_id, set_at from outreach_interest where outreach = ? and destination = ? and person = any(?)",
                rs -> {
                    int value = rs.getInt(2);
                    found.put(rs.getString(1), new Interest(rs.wasNull() ? null : value, rs.getLong(3), rs.getTimestamp(4).toInstant()));
                }, outreach, destination, people.toArray(String[]::new));
        return found;
    }

    /** Records the interest a run set for a person (replacing the one set before). */
    public void setInterest(String outreach, String destination, String connection, String person, Integer value, long runId, Instant at) {
        jdbc.update("insert into outreach_interest (outreach, person, destination, connection, value, run_id, set_at) values (?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (outreach, person, destination) do update set connection = excluded.connection, value = excluded.value,"
                + " run_id = excluded.run_id, set_at = excluded.set_at", outreach, person, destination, connection, value, runId,
                Timestamp.from(at));
    }

    /**
     * An interest update the policy parked for review ({@link #parkInterest}) whose review a person decided.
     *
     * @param destination  the campaign or list it sets the interest in ({@code campaign:ID})
     * @param person       the lead (its lower-cased email)
     * @param interest     the status it sets, as the outreach file names it ("won", "lead", a custom status's number)
     * @param value        Instantly's value of that status; null resets the lead to a plain lead
     * @param review       the review item's id
     * @param decision     what was decided: approved, rejected, expired
     * @param decidedBy    who decided (or "middlemile" for an expiry)
     * @param carriedOutBy the run that carried out the approval already, or null
     */
    public record ParkedInterest(long id, String destination, String recordKey, String person, String interest, Integer value, long review,
                                 ReviewItem.Status decision, String decidedBy, Long carriedOutBy) {
    }

    /** How a parked interest update was closed ({@link #closeInterest}); {@link #id()} is the column's word. */
    public enum InterestClosed {
        /** Approved, and Instantly took it. */
        SET,
        /** Approved, and Instantly refused it for good. */
        REFUSED,
        /** Rejected or expired in review, or nothing left to set it on (the lead was removed from the campaign). */
        DROPPED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Keeps an interest update the policy parked for review, so that the job's run after the decision makes it (or closes
     * it) whether or not it reads the record again ({@link #decidedInterest}). It replaces the record's update waiting
     * before: the latest is the one its review item describes.
     */
    public void parkInterest(String outreach, String destination, String recordKey, String person, String interest, Integer value,
                             long review, long runId) {
        jdbc.update("insert into outreach_interest_parked (outreach, destination, record_key, person, interest, value, review_id, run_id)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (outreach, record_key) where status = 'awaiting' do update set"
                        + " destination = excluded.destination, person = excluded.person, interest = excluded.interest,"
                        + " value = excluded.value, review_id = excluded.review_id, run_id = excluded.run_id, parked_at = now()",
                outreach, destination, recordKey, person, interest, value, review, runId);
    }

    /** The waiting interest updates of an outreach whose review was decided, oldest first. */
    public List<ParkedInterest> decidedInterest(String outreach, int limit) {
        return jdbc.query("select p.id, p.destination, p.record_key, p.person, p.interest, p.value, r.id, r.status, r.decided_by,"
                        + " r.applied_run_id from outreach_interest_parked p join reviews r on r.id = p.review_id"
                        + " where p.outreach = ? and p.status = 'awaiting' and r.status <> ? order by p.id limit ?",
                (rs, row) -> {
                    int value = rs.getInt(6);
                    Integer interestValue = rs.wasNull() ? null : value;
                    long applied = rs.getLong(10);
                    Long carriedOutBy = rs.wasNull() ? null : applied;
                    return new ParkedInterest(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            interestValue, rs.getLong(7), ReviewItem.Status.fromWire(rs.getString(8)), rs.getString(9), carriedOutBy);
                }, outreach, ReviewItem.Status.PENDING.wire(), limit);
    }

    /** Closes a waiting interest update: what run {@code runId} did with it, in the words its summary prints. */
    public void closeInterest(long id, long runId, InterestClosed how, String reason) {
        jdbc.update("update outreach_interest_parked set status = ?, reason = ?, closed_by_run = ?, closed_at = now()"
                + " where id = ? and status = 'awaiting'", how.id(), reason, runId, id);
    }

    /**
     * Forgets the waiting interest updates of these records: each was read again and is decided afresh from what the CRM
     * says now (an update parked again gets a row of its own).
     */
    public void forgetInterest(String outreach, Collection<String> recordKeys) {
        if (recordKeys.isEmpty()) {
            return;
        }
        jdbc.update("delete from outreach_interest_parked where outreach = ? and status = 'awaiting' and record_key = any(?)", outreach,
                recordKeys.toArray(String[]::new));
    }

    /** A waiting interest update a run closed: its outreach, how, and what the run said. */
    public record ClosedInterest(String outreach, InterestClosed how, String reason) {
    }

    /** The waiting interest updates run {@code runId} closed, in order: what its summary says of them. */
    public List<ClosedInterest> interestClosedBy(long runId) {
        return jdbc.query("select outreach, status, reason from outreach_interest_parked where closed_by_run = ? order by closed_at, id",
                (rs, row) -> new ClosedInterest(rs.getString(1), InterestClosed.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                        rs.getString(3)), runId);
    }

    /** When each of these ledger rows was removed from its campaign again, by id; rows never removed are absent. */
    public Map<Long, Instant> removedAt(Collection<Long> ids) {
        Map<Long, Instant> removed = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return removed;
        }
        jdbc.query("select id, removed_at from outreach_sends where id = any(?) and removed_at is not null",
                rs -> {
                    removed.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
                }, (Object) ids.toArray(Long[]::new));
        return removed;
    }

    /** Marks a sent row's lead as taken out of its campaign again by {@code runId} (a rollback's removal). */
    public void markRemoved(long id, long runId, Instant at) {
        jdbc.update("update outreach_sends set removed_at = ?, removed_by_run = ? where id = ?", Timestamp.from(at), runId, id);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
