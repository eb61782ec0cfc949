package io.middlemile.outreach;

import io.middlemile.connector.Lookup;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.mapping.Mapped;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.MappingException;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.SourceRef;
import io.middlemile.store.CrosswalkStore;
import io.middlemile.store.JournalStore;
import io.middlemile.store.OutreachSendStore;
import io.middlemile.workspace.ObjectConfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Writes outreach events (a reply, a bounce, an unsubscribe, an accepted invitation), as canonical activities, back to
 * the person's record in a CRM: one note on the record per event, and the fields the event says about the person
 * (outreach status, lead status, opt-out, bounced) as an update of that record. Both go through the run's governed
 * writes, so the policy, caps, before-images, journal and rollback apply to them as to any write.
 *
 * <p>The person's record is the one the outreach sent to (the send ledger, by email or LinkedIn identifier), else the
 * record the CRM finds by email ({@link Lookup}). An event for a person the CRM does not have is skipped with a reason;
 * it stays in the event store.
 *
 * <p>Exactly one note per event: the note's canonical id is derived from the event ({@code event:CONNECTION/EVENT_ID}),
 * looked up in the crosswalk and in the journal's created ids before writing, and linked in the crosswalk as soon as
 * the CRM answers. The field update needs no such guard: writing values the record already holds is skipped as
 * unchanged, so an event written again (a replayed page, a retry) changes nothing twice.
 *
 * <p>Not thread-safe: one run writes on one thread.
 */
public final class EventWriteback {

    /** The activity fields that say something about the person, named as the person's fields. */
    private static final String UNCHANGED = "not written: unchanged";

    static final List<String> PERSON_FIELDS = List.of("outreachStatus", "leadStatus", "emailOptOut", "emailBounced");

    /**
     * Where and how events are written.
     *
     * @param connection the CRM connection, e.g. hubspot
     * @param object     its person object, e.g. contacts
     * @param person     the mapping of CONNECTION/OBJECT (entity person) the field updates are written through
     * @param notes      the connection's notes object, e.g. notes
     * @param note       the mapping of CONNECTION/NOTES (entity activity) a note is written through
     */
    public record Target(String connection, String object, Mapper person, String notes, Mapper note) {
    }

    /** One event as the step hands it over: where it was read (its connection and event id) and its canonical activity. */
    public record Event(SourceRef ref, CanonicalRecord activity) {
    }

    /** What became of an event: written (with what), skipped (why) or rejected (why). */
    public record Result(WriteOutcome.Status status, String reason) {
        static Result written(String what) {
            return new Result(WriteOutcome.Status.WRITTEN, what);
        }

        static Result skipped(String why) {
            return new Result(WriteOutcome.Status.SKIPPED, why);
        }

        static Result rejected(String why) {
            return new Result(WriteOutcome.Status.REJECTED, why);
        }
    }

    private final Target target;
    private final OutreachSendStore sends;
    private final CrosswalkStore crosswalk;
    private final JournalStore journal;

    public EventWriteback(Target target, OutreachSendStore sends, CrosswalkStore crosswalk, JournalStore journal) {
        this.target = target;
        this.sends = sends;
        this.crosswalk = crosswalk;
        this.journal = journal;
    }

    /** The note's canonical id of an event: the same event, delivered or read again, always names the same note. */
    public static UUID noteId(SourceRef event) {
        return UUID.nameUUIDFromBytes(("event:" + event.connection() + "/" + event.sourceId()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a page of events; one result per event, in order.
     *
     * @param lookup the CRM's search by field value, to find a person the outreach did not send to from here
     */
    public List<Result> write(GovernedWrites writes, Optional<Lookup> lookup, List<Event> events) {
        Result[] results = new Result[events.size()];
        Map<Integer, String> people = find(lookup, events, results);
        Notes notes = writeNotes(writes, events, people, results);
        updatePeople(writes, events, people, notes, results);
        return List.of(results);
    }

    // ------------------------------------------------------------------ the person's record

    /** The person's record id by event index; an event whose person is not found gets its skipped result. */
    private Map<Integer, String> find(Optional<Lookup> lookup, List<Event> events, Result[] results) {
        Set<String> wanted = new LinkedHashSet<>();
        for (Event event : events) {
            email(event.activity()).ifPresent(wanted::add);
            linkedinId(event.activity()).ifPresent(wanted::add);
        }
        // the record the outreach sent to is where its answer belongs, even when the CRM holds the address twice
        Map<String, String> ledger = new LinkedHashMap<>();
        String prefix = target.connection() + "/" + target.object() + "/";
        sends.recordsOf(wanted).forEach((person, recordKey) -> {
            if (recordKey.startsWith(prefix) && recordKey.length() > prefix.length()) {
                ledger.put(person, recordKey.substring(prefix.length()));
            }
        });
        Set<String> unsent = new LinkedHashSet<>();
        for (Event event : events) {
            Optional<String> email = email(event.activity());
            if (email.isPresent() && !ledger.containsKey(email.get())
                    && linkedinId(event.activity()).map(id -> !ledger.containsKey(id)).orElse(true)) {
                unsent.add(email.get());
            }
        }
        Map<String, String> byEmail = new LinkedHashMap<>();
        String emailField = target.person().outboundField("email");
        if (!unsent.isEmpty() && lookup.isPresent() && emailField != null) {
            lookup.get().find(target.object(), emailField, unsent)
                    .forEach((value, id) -> byEmail.putIfAbsent(value.strip().toLowerCase(Locale.ROOT), id));
        }
        Map<Integer, String> found = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            CanonicalRecord activity = events.get(i).activity();
            Optional<String> email = email(activity);
            Optional<String> linkedin = linkedinId(activity);
            String id = email.map(ledger::get).orElse(null);
            if (id == null) {
                id = linkedin.map(ledger::get).orElse(null);
            }
            if (id == null) {
                id = email.map(byEmail::get).orElse(null);
            }
            if (id != null) {
                found.put(i, id);
            } else if (email.isPresent()) {
                results[i] = Result.skipped("no " + person() + " in " + target.connection() + " with email " + email.get()
                        + (emailField == null ? " (mappings/" + target.person().id() + ".yaml has no line for email, so it cannot be"
                        + " searched)" : "") + "; the event is kept in the store");
            } else if (linkedin.isPresent()) {
                results[i] = Result.skipped("no " + person() + " in " + target.connection() + " was sent to on LinkedIn as " + linkedin.get()
                        + " and the event has no email to search by; the event is kept in the store");
            } else {
                results[i] = Result.skipped("the event names no person (no personEmail or personLinkedinUrl after its inbound"
                        + " mapping); the event is kept in the store");
            }
        }
        return found;
    }

    private String person() {
        return target.object().endsWith("s") ? target.object().substring(0, target.object().length() - 1) : target.object();
    }

    static Optional<String> email(CanonicalRecord activity) {
        String email = activity.string("personEmail");
        return email == null || email.isBlank() ? Optional.empty() : Optional.of(email.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * The public identifier of a LinkedIn profile URL (its last path segment, e.g. jane-doe of .../in/jane-doe/), as the
     * send ledger keys the person ({@link OutreachRun#person}): the two must agree for a reply to find who was invited.
     */
    static Optional<String> linkedinId(CanonicalRecord activity) {
        String url = activity.string("personLinkedinUrl");
        return url == null || url.isBlank() ? Optional.empty() : Optional.ofNullable(OutreachRun.person(url)).filter(id -> !id.isEmpty());
    }

    // ------------------------------------------------------------------ one note per event

    /**
     * Creates the notes of the events whose person was found and that have none yet; returns the note id by event index
     * (new or already there). An event whose note could not be written gets its result here.
     */
    private Notes writeNotes(GovernedWrites writes, List<Event> events, Map<Integer, String> people, Result[] results) {
        Map<UUID, Integer> byNote = new LinkedHashMap<>();
        people.keySet().forEach(i -> byNote.put(noteId(events.get(i).ref()), i));
        Map<Integer, String> notes = new LinkedHashMap<>();
        // Already written by an earlier run: linked in the crosswalk; should that link be gone while the journal's result
        // for the placeholder key names the note (and no rollback archived it since), the journal's word counts.
        crosswalk.memberIds(target.connection(), target.notes(), byNote.keySet()).forEach((id, note) -> notes.put(byNote.get(id), note));
        Map<String, UUID> unlinked = new LinkedHashMap<>();
        byNote.forEach((id, i) -> {
            if (!notes.containsKey(i)) {
                unlinked.put(TargetRecord.placeholder(id), id);
            }
        });
        Map<SourceRef, UUID> relink = new LinkedHashMap<>();
        journal.createdIds(target.connection(), target.notes(), unlinked.keySet()).forEach((key, note) -> {
            UUID id = unlinked.get(key);
            notes.put(byNote.get(id), note);
            relink.put(new SourceRef(target.connection(), target.notes(), note), id);
        });
        if (!relink.isEmpty()) {
            crosswalk.linkAll(Entity.ACTIVITY.id(), relink);
        }
        Set<Integer> existing = Set.copyOf(notes.keySet());

        ObjectConfig noteObject = writes.objectConfig(target.connection(), target.notes());
        String idField = noteObject == null ? null : noteObject.id();
        List<TargetRecord> records = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<UUID, Integer> entry : byNote.entrySet()) {
            int i = entry.getValue();
            if (existing.contains(i)) {
                continue;
            }
            Event event = events.get(i);
            Mapped<TargetRecord> mapped;
            try {
                mapped = target.note().fromCanonical(event.activity());
            } catch (MappingException e) {
                results[i] = Result.rejected("the note could not be made: " + e.getMessage());
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>(mapped.record().fields());
            if (idField != null) {
                fields.remove(idField); // the mapper fills it with the event's id; the CRM gives the note its own
            }
            fields.put("associations." + target.object(), people.get(i));
            records.add(new TargetRecord(target.notes(), TargetRecord.placeholder(entry.getKey()), fields, event.ref(),
                    mapped.record().writes()));
            indexes.add(i);
            reasons.add(event.ref().connection() + " event " + event.activity().string("type") + " " + event.ref().sourceId());
        }
        if (records.isEmpty()) {
            return new Notes(notes, existing);
        }
        List<WriteOutcome> outcomes = writes.write(target.connection(), target.notes(), records, reasons);
        Map<SourceRef, UUID> links = new LinkedHashMap<>();
        boolean planning = writes.mode() == GovernedWrites.Mode.PLAN;
        for (int n = 0; n < outcomes.size(); n++) {
            int i = indexes.get(n);
            WriteOutcome outcome = outcomes.get(n);
            switch (outcome.status()) {
                case WRITTEN -> {
                    notes.put(i, outcome.targetId());
                    if (!planning && outcome.targetId() != null && !TargetRecord.isPlaceholder(outcome.targetId())) {
                        links.put(new SourceRef(target.connection(), target.notes(), outcome.targetId()),
                                TargetRecord.canonicalIdOf(records.get(n).key()).orElseThrow());
                    }
                }
                case SKIPPED -> results[i] = Result.skipped("note not written: " + outcome.reason());
                case REJECTED -> results[i] = Result.rejected("note not written: " + outcome.reason());
            }
        }
        // Linked at once, not with the page (whose commit records the journal's results, so the journal cannot close what
        // follows): from here a rerun finds the note whatever happens to the run. The window left is a crash after the CRM
        // created the note and before this line: the journal then holds the intent without a result, the next run's
        // reconciliation cannot read a note back by its placeholder key and records it as not applied, and the event is
        // written again: a second note. Closing it needs the CRM to refuse a second note of the same event (a
        // unique-value property holding the event id on notes); see the README.
        if (!links.isEmpty()) {
            crosswalk.linkAll(Entity.ACTIVITY.id(), links);
        }
        return new Notes(notes, existing);
    }

    /**
     * The note of each event that has one, by event index.
     *
     * @param earlier the events whose note an earlier run wrote
     */
    private record Notes(Map<Integer, String> ids, Set<Integer> earlier) {
    }

    // ------------------------------------------------------------------ the person's fields

    /**
     * Writes what the events say about each person as one update per person (the later event's value wins: events are
     * in the order received), and settles every event that has a note.
     */
    private void updatePeople(GovernedWrites writes, List<Event> events, Map<Integer, String> people, Notes notes, Result[] results) {
        Map<String, Map<String, FieldValue>> byPerson = new LinkedHashMap<>();
        Map<String, List<Integer>> eventsOf = new LinkedHashMap<>();
        for (int i : notes.ids().keySet()) {
            String personId = people.get(i);
            eventsOf.computeIfAbsent(personId, id -> new ArrayList<>()).add(i);
            Map<String, FieldValue> fields = byPerson.computeIfAbsent(personId, id -> new LinkedHashMap<>());
            for (String field : PERSON_FIELDS) {
                FieldValue value = events.get(i).activity().fields().get(field);
                if (value != null && !value.isEmpty()) {
                    fields.put(field, value);
                }
            }
        }
        List<TargetRecord> records = new ArrayList<>();
        List<String> personIds = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Map<String, String> written = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, FieldValue>> entry : byPerson.entrySet()) {
            String personId = entry.getKey();
            if (entry.getValue().isEmpty()) {
                continue;
            }
            List<Integer> of = eventsOf.get(personId);
            Event last = events.get(of.get(of.size() - 1));
            CanonicalRecord person = new CanonicalRecord(Entity.PERSON, new SourceRef(target.connection(), target.object(), personId),
                    last.activity().lastModified(), entry.getValue());
            Mapped<TargetRecord> mapped;
            try {
                mapped = target.person().fromCanonical(person);
            } catch (MappingException e) {
                refused.put(personId, "the field update could not be made: " + e.getMessage());
                continue;
            }
            // only what the events say: the mapper also fills the id field and any constant line of the person mapping
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String canonical : entry.getValue().keySet()) {
                String field = target.person().outboundField(canonical);
                if (field != null && mapped.record().fields().containsKey(field)) {
                    fields.put(field, mapped.record().fields().get(field));
                }
            }
            if (fields.isEmpty()) {
                continue;
            }
            Map<String, io.middlemile.connector.FieldWrite> rules = new LinkedHashMap<>(mapped.record().writes());
            rules.keySet().retainAll(fields.keySet());
            records.add(new TargetRecord(target.object(), personId, fields, last.ref(), rules));
            personIds.add(personId);
            reasons.add(last.ref().connection() + " event " + last.activity().string("type") + " " + last.ref().sourceId());
            written.put(personId, String.join(", ", fields.keySet()));
        }
        if (!records.isEmpty()) {
            List<WriteOutcome> outcomes = writes.write(target.connection(), target.object(), records, reasons);
            for (int n = 0; n < outcomes.size(); n++) {
                WriteOutcome outcome = outcomes.get(n);
                String personId = personIds.get(n);
                switch (outcome.status()) {
                    case WRITTEN -> written.put(personId, "fields " + written.get(personId)
                            + (outcome.reason() == null ? "" : " (" + outcome.reason() + ")"));
                    case SKIPPED -> written.put(personId, "fields " + written.get(personId) + " not written: " + outcome.reason());
                    case REJECTED -> refused.put(personId, "the field update was refused: " + outcome.reason());
                }
            }
        }
        for (Map.Entry<Integer, String> entry : notes.ids().entrySet()) {
            int i = entry.getKey();
            String personId = people.get(i);
            boolean earlier = notes.earlier().contains(i);
            String note = (earlier ? "already written as note " : "note ") + entry.getValue() + " on " + person() + " " + personId;
            String fields = written.get(personId);
            if (refused.containsKey(personId)) {
                results[i] = Result.rejected(note + ", but " + refused.get(personId));
            } else if (earlier && (fields == null || fields.contains(UNCHANGED))) {
                // a replay: nothing of it was missing
                results[i] = Result.skipped(note + (fields == null ? "" : "; " + fields));
            } else {
                results[i] = Result.written(note + (fields == null ? "; no fields to update" : "; " + fields));
            }
        }
    }
}
