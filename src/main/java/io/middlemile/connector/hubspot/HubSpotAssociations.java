package io.middlemile.connector.hubspot;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.hubspot.HubSpotClient.AssociationPage;
import io.middlemile.connector.hubspot.HubSpotClient.AssociationPair;
import io.middlemile.connector.hubspot.HubSpotClient.AssociationRead;
import io.middlemile.connector.hubspot.HubSpotClient.Associated;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and sets record associations (CRM v4) for whole pages of records: one batch read per page and
 * associated object, and on write one batch associate and one batch archive per page and object, not
 * one call per record.
 *
 * <p>The record contract: the field {@code associations.<toObject>} holds the associated record ids as
 * a {@code List<String>}, the primary one first (HubSpot's HUBSPOT_DEFINED "Primary" type, e.g. type 1
 * for contact→company), then ascending by id; an empty list when there are none. Writing a list makes
 * the record's associations with that object exactly that set: missing ones are created with the
 * default (unlabeled) type, extra ones removed. It does not change which association is primary.
 */
final class HubSpotAssociations {

    private final String connectionId;
    private final HubSpotClient client;

    HubSpotAssociations(String connectionId, HubSpotClient client) {
        this.connectionId = connectionId;
        this.client = client;
    }

    /**
     * Associated ids of {@code toObject} for every given record: every id is a key (an empty list when it
     * has none). Follows each record's paging when it has more associations than one answer holds.
     */
    Map<String, List<String>> read(String fromObject, String toObject, Collection<String> ids) {
        Map<String, List<Associated>> found = new LinkedHashMap<>();
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        distinct.forEach(id -> found.put(id, new ArrayList<>()));
        List<AssociationRead> pending = distinct.stream().map(id -> new AssociationRead(id, null)).toList();
        while (!pending.isEmpty()) {
            List<AssociationRead> next = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += HubSpotClient.MAX_ASSOCIATION_READ_INPUTS) {
                List<AssociationRead> batch = pending.subList(from, Math.min(pending.size(), from + HubSpotClient.MAX_ASSOCIATION_READ_INPUTS));
                for (AssociationPage page : client.readAssociations(fromObject, toObject, batch)) {
                    List<Associated> list = found.get(page.fromId());
                    if (list == null) {
                        continue; // an id HubSpot normalized differently; nothing asked for it
                    }
                    list.addAll(page.to());
                    if (page.nextAfter() != null) {
                        next.add(new AssociationRead(page.fromId(), page.nextAfter()));
                    }
                }
            }
            pending = next;
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        found.forEach((id, associated) -> result.put(id, ordered(associated)));
        return result;
    }

    /** Primary first, then ascending by numeric id; each id once. */
    private static List<String> ordered(List<Associated> associated) {
        Set<String> primary = new LinkedHashSet<>();
        Set<String> rest = new LinkedHashSet<>();
        for (Associated a : associated) {
            (a.primary() ? primary : rest).add(a.id());
        }
        rest.removeAll(primary);
        List<String> sorted = new ArrayList<>(rest);
        sorted.sort(Comparator.comparing((String id) -> id.length()).thenComparing(Comparator.naturalOrder()));
        List<String> all = new ArrayList<>(primary);
        all.addAll(sorted);
        return List.copyOf(all);
    }

    /**
     * Makes each record's associations with {@code toObject} equal to the wanted ids. Returns, per record
     * id that could not be brought there, the reason (for that record's outcome); records absent from
     * the result hold exactly the wanted associations now.
     */
    Map<String, String> set(String fromObject, String toObject, Map<String, List<String>> wanted) {
        Map<String, String> failed = new LinkedHashMap<>();
        if (wanted.isEmpty()) {
            return failed;
        }
        Map<String, List<String>> current = read(fromObject, toObject, wanted.keySet());
        List<AssociationPair> missing = new ArrayList<>();
        Map<String, List<String>> extra = new LinkedHashMap<>();
        wanted.forEach((fromId, ids) -> {
            List<String> now = current.getOrDefault(fromId, List.of());
            ids.stream().filter(id -> !now.contains(id)).distinct().forEach(id -> missing.add(new AssociationPair(fromId, id)));
            List<String> remove = now.stream().filter(id -> !ids.contains(id)).toList();
            if (!remove.isEmpty()) {
                extra.put(fromId, remove);
            }
        });
        for (int from = 0; from < missing.size(); from += HubSpotClient.MAX_ASSOCIATION_WRITE_INPUTS) {
            associate(fromObject, toObject, missing.subList(from, Math.min(missing.size(), from + HubSpotClient.MAX_ASSOCIATION_WRITE_INPUTS)),
                    failed);
        }
        // A record whose new associations failed keeps its old ones too: nothing is taken away half-way.
        failed.keySet().forEach(extra::remove);
        List<String> fromIds = new ArrayList<>(extra.keySet());
        for (int from = 0; from < fromIds.size(); from += HubSpotClient.MAX_ASSOCIATION_WRITE_INPUTS) {
            Map<String, List<String>> batch = new LinkedHashMap<>();
            fromIds.subList(from, Math.min(fromIds.size(), from + HubSpotClient.MAX_ASSOCIATION_WRITE_INPUTS))
                    .forEach(id -> batch.put(id, extra.get(id)));
            archive(fromObject, toObject, batch, failed);
        }
        return failed;
    }

    private void associate(String fromObject, String toObject, List<AssociationPair> pairs, Map<String, String> failed) {
        HubSpotBatchResult result;
        try {
            result = client.associateDefault(fromObject, toObject, pairs);
        } catch (ConnectorException e) {
            if (!(e.kind() == Kind.INVALID_REQUEST || e.kind() == Kind.NOT_FOUND)) {
                throw e;
            }
            if (pairs.size() > 1) {
                // HubSpot rejected the whole call: resend one by one so each record gets its own outcome.
                pairs.forEach(pair -> associate(fromObject, toObject, List.of(pair), failed));
                return;
            }
            AssociationPair only = pairs.get(0);
            failed.merge(only.fromId(), reason(fromObject, toObject, only, e.getMessage()), (a, b) -> a + "; " + b);
            return;
        }
        if (result.errors().isEmpty()) {
            return;
        }
        boolean unattributed = false;
        for (HubSpotError error : result.errors()) {
            List<String> named = new ArrayList<>(error.context() == null ? List.of() : error.context().getOrDefault("objectId", List.of()));
            named.addAll(error.ids());
            List<AssociationPair> hit = pairs.stream().filter(p -> named.contains(p.toId()) || named.contains(p.fromId())).toList();
            if (hit.isEmpty()) {
                unattributed = true;
            }
            for (AssociationPair pair : hit) {
                failed.merge(pair.fromId(), reason(fromObject, toObject, pair, message(error)), (a, b) -> a + "; " + b);
            }
        }
        if (unattributed && pairs.size() > 1) {
            // Associating is idempotent: resending the pairs one by one tells which input the error was about.
            pairs.stream().filter(p -> !failed.containsKey(p.fromId()))
                    .forEach(pair -> associate(fromObject, toObject, List.of(pair), failed));
        } else if (unattributed) {
            AssociationPair only = pairs.get(0);
            failed.merge(only.fromId(), reason(fromObject, toObject, only,
                    result.errors().stream().map(HubSpotAssociations::message).reduce((a, b) -> a + "; " + b).orElse("")),
                    (a, b) -> a + "; " + b);
        }
    }

    private void archive(String fromObject, String toObject, Map<String, List<String>> batch, Map<String, String> failed) {
        try {
            client.archiveAssociations(fromObject, toObject, batch);
        } catch (ConnectorException e) {
            if (!(e.kind() == Kind.INVALID_REQUEST || e.kind() == Kind.NOT_FOUND)) {
                throw e;
            }
            if (batch.size() > 1) {
                batch.forEach((fromId, ids) -> archive(fromObject, toObject, Map.of(fromId, ids), failed));
                return;
            }
            batch.forEach((fromId, ids) -> failed.merge(fromId, "HubSpot " + fromObject + " " + fromId + ": could not remove its "
                    + toObject + " associations " + ids + ": " + e.getMessage() + " Retry the record.", (a, b) -> a + "; " + b));
        }
    }

    private String reason(String fromObject, String toObject, AssociationPair pair, String message) {
        return "HubSpot " + fromObject + " " + pair.fromId() + " (connection '" + connectionId + "'): could not associate it with "
                + toObject + " " + pair.toId() + ": " + message + ". Its properties were written; check that " + toObject + " "
                + pair.toId() + " exists in HubSpot (not archived, merged or still unsynced), then retry the record.";
    }

    private static String message(HubSpotError error) {
        List<String> invalid = error.context() == null ? List.of() : error.context().getOrDefault("INVALID_OBJECT_IDS", List.of());
        return error.message() + (invalid.isEmpty() ? "" : " (" + String.join(", ", invalid) + ")");
    }
}
