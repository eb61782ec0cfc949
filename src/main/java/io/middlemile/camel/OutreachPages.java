package io.middlemile.camel;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.outreach.OutreachRun;
import io.middlemile.sync.Batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A page of canonical people as the outreach steps ({@code hub-enrol}, {@code hub-interest}) take and settle it. */
final class OutreachPages {

    private OutreachPages() {
    }

    /** The page's people, keyed by their source record; anything but canonical people is a route mistake. */
    static List<OutreachRun.Subject> people(Batch batch, String step) {
        List<OutreachRun.Subject> subjects = new ArrayList<>();
        for (Batch.Item item : batch.items()) {
            if (!(item.payload() instanceof CanonicalRecord record) || record.entity() != Entity.PERSON) {
                throw new IllegalStateException(step + " expects canonical people; put a hub-map with direction=in and a person mapping"
                        + " before it");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, FieldValue> field : record.fields().entrySet()) {
                values.put(field.getKey(), field.getValue().value());
            }
            subjects.add(new OutreachRun.Subject(item.ref().toString(), values, item.location()));
        }
        return subjects;
    }

    /** Settles every record of the page by its result; the step ends the route. */
    static void settle(Batch batch, Map<String, OutreachRun.Result> results) {
        settle(batch, batch.items(), results);
        batch.retain(List.of());
    }

    /** Settles {@code items} by their results (a page's records handed to sends in flight, once they were answered). */
    static void settle(Batch batch, List<Batch.Item> items, Map<String, OutreachRun.Result> results) {
        for (Batch.Item item : items) {
            OutreachRun.Result result = results.get(item.ref().toString());
            switch (result.outcome()) {
                // a send is the expected outcome; only what did not go as planned on another channel is a note to check
                case SENT -> batch.written(item, result.notSent().isEmpty() ? null : String.join("; ", result.notSent()));
                case REJECTED -> batch.reject(item, result.text());
                case NOT_SENT -> batch.skipped(item, result.text());
            }
        }
    }
}
