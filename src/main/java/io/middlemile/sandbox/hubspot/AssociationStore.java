package io.middlemile.sandbox.hubspot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The emulator's record associations (contacts, companies, deals), kept apart from {@link CrmStore}.
 *
 * <p>An association is one pair of records and is visible from both ends, as in HubSpot: associating
 * contact 7 with company 9 makes company 9 list contact 7. Associations made here are the default
 * (unlabeled) type; the first company associated with a contact or a deal becomes its primary company
 * (HubSpot-defined type "Primary"), and when the primary association is removed the lowest remaining
 * company id becomes primary. Associations whose other end is archived or merged away are not returned;
 * {@link #moveOnMerge} moves a merged-away record's associations to the survivor, as HubSpot does.
 *
 * <p>HubSpot-defined association type ids (category HUBSPOT_DEFINED), from the v4 associations guide
 * (https://developers.hubspot.com/docs/api/crm/associations, "HubSpot defined association types"):
 * contact→company 279 (unlabeled) and 1 (Primary), company→contact 280 and 2 (Primary),
 * deal→contact 3, contact→deal 4, deal→company 341 and 5 (Primary), company→deal 342 and 6 (Primary);
 * note→contact 202, contact→note 201, note→company 190, company→note 189, note→deal 214, deal→note 213
 * (the guide's activity table; 202 is also the example of https://developers.hubspot.com/docs/api-reference/crm-notes-v3/guide).
 *
 * <p>Thread-safe: all methods synchronize on the store.
 */
public final class AssociationStore {

    /** One association type as the v4 API renders it: {@code {category, typeId, label}}. */
    record AssociationType(String category, int typeId, String label) {
    }

    private static final Map<String, Integer> UNLABELED = Map.ofEntries(
            Map.entry("contacts>companies", 279), Map.entry("companies>contacts", 280),
            Map.entry("deals>contacts", 3), Map.entry("contacts>deals", 4),
            Map.entry("deals>companies", 341), Map.entry("companies>deals", 342),
            Map.entry("notes>contacts", 202), Map.entry("contacts>notes", 201),
            Map.entry("notes>companies", 190), Map.entry("companies>notes", 189),
            Map.entry("notes>deals", 214), Map.entry("deals>notes", 213));
    /** The object types the emulator associates, in the order {@link #all} lists them. */
    static final List<String> TYPES = List.of("contacts", "companies", "deals", "notes");
    private static final Map<String, Integer> PRIMARY = Map.of(
            "contacts>companies", 1, "companies>contacts", 2,
            "deals>companies", 5, "companies>deals", 6);

    private final CrmStore store;
    /** "contacts>companies" -> from id -> to ids; every pair is stored in both directions. */
    private final Map<String, Map<Long, Set<Long>>> edges = new HashMap<>();
    /** "contacts" or "deals" -> record id -> its primary company id. */
    private final Map<String, Map<Long, Long>> primaryCompany = new HashMap<>();

    AssociationStore(CrmStore store) {
        this.store = store;
    }

    /**
     * The object type name for a path segment: HubSpot accepts plural and singular names and the
     * object type ids 0-1 (contacts), 0-2 (companies), 0-3 (deals) and 0-46 (notes). Null when it is none of these.
     */
    static String objectType(String segment) {
        return switch (segment.toLowerCase(Locale.ROOT)) {
            case "contacts", "contact", "0-1" -> "contacts";
            case "companies", "company", "0-2" -> "companies";
            case "deals", "deal", "0-3" -> "deals";
            case "notes", "note", "0-46" -> "notes";
            default -> null;
        };
    }

    /** True when the emulator knows a default association type between these object types. */
    static boolean supported(String fromType, String toType) {
        return UNLABELED.containsKey(fromType + ">" + toType);
    }

    /** True when the record exists, is live and was not merged away (so an association may point at it). */
    boolean exists(String type, long id) {
        CrmStore.ObjectType objectType = store.type(type);
        StoredRecord record = store.live(objectType, id);
        return record != null && record.id == id;
    }

    /** Associates two live records with the default type; associating them again changes nothing. */
    public synchronized void associate(String fromType, long fromId, String toType, long toId) {
        edges(fromType, toType).computeIfAbsent(fromId, k -> new TreeSet<>()).add(toId);
        edges(toType, fromType).computeIfAbsent(toId, k -> new TreeSet<>()).add(fromId);
        if (toType.equals("companies") && PRIMARY.containsKey(fromType + ">" + toType)) {
            primaryCompany.computeIfAbsent(fromType, k -> new HashMap<>()).putIfAbsent(fromId, toId);
        } else if (fromType.equals("companies") && PRIMARY.containsKey(toType + ">" + fromType)) {
            primaryCompany.computeIfAbsent(toType, k -> new HashMap<>()).putIfAbsent(toId, fromId);
        }
    }

    /** Removes every association between two records; removing an absent one changes nothing. */
    public synchronized void remove(String fromType, long fromId, String toType, long toId) {
        unlink(fromType, fromId, toType, toId);
        unlink(toType, toId, fromType, fromId);
        if (toType.equals("companies")) {
            repairPrimary(fromType, fromId);
        } else if (fromType.equals("companies")) {
            repairPrimary(toType, toId);
        }
    }

    /**
     * The visible associations of a live record to one object type, primary first, then by id:
     * none for an archived or merged-away record, none to archived or merged-away records.
     */
    public synchronized List<Long> associated(String fromType, long fromId, String toType) {
        if (!exists(fromType, fromId)) {
            return List.of();
        }
        Set<Long> to = edges(fromType, toType).getOrDefault(fromId, Set.of());
        Long primary = primaryOf(fromType, fromId, toType);
        List<Long> result = new ArrayList<>(to.size());
        if (primary != null && to.contains(primary) && exists(toType, primary)) {
            result.add(primary);
        }
        for (Long id : to) {
            if (!id.equals(primary) && exists(toType, id)) {
                result.add(id);
            }
        }
        return result;
    }

    /** The association types of one visible pair, as the v4 API lists them (primary, then unlabeled). */
    synchronized List<AssociationType> types(String fromType, long fromId, String toType, long toId) {
        List<AssociationType> types = new ArrayList<>(2);
        Integer primaryType = PRIMARY.get(fromType + ">" + toType);
        boolean primary = primaryType != null && (toType.equals("companies")
                ? Long.valueOf(toId).equals(primaryOf(fromType, fromId, toType))
                : Long.valueOf(fromId).equals(primaryOf(toType, toId, fromType)));
        if (primary) {
            types.add(new AssociationType("HUBSPOT_DEFINED", primaryType, "Primary"));
        }
        types.add(new AssociationType("HUBSPOT_DEFINED", UNLABELED.get(fromType + ">" + toType), null));
        return types;
    }

    /**
     * The {@code [from type, to type]} a HUBSPOT_DEFINED association type id joins (unlabeled or Primary), or null
     * when the emulator knows no such type: the type id alone names the object type a create's inline
     * association points at.
     */
    static String[] pairOf(int typeId) {
        for (Map<String, Integer> ids : List.of(UNLABELED, PRIMARY)) {
            for (Map.Entry<String, Integer> entry : ids.entrySet()) {
                if (entry.getValue() == typeId) {
                    return entry.getKey().split(">");
                }
            }
        }
        return null;
    }

    /** The unlabeled (default) type id between two object types, or null when there is none. */
    static Integer defaultTypeId(String fromType, String toType) {
        return UNLABELED.get(fromType + ">" + toType);
    }

    /**
     * Moves the associations of {@code mergedId} to {@code survivorId} (both of {@code type}); the
     * survivor keeps its own primary company and takes the merged record's when it has none.
     */
    public synchronized void moveOnMerge(String type, long survivorId, long mergedId) {
        for (String toType : TYPES) {
            Map<Long, Set<Long>> from = edges.get(type + ">" + toType);
            Set<Long> moved = from == null ? null : from.get(mergedId);
            if (moved == null) {
                continue;
            }
            Long mergedPrimary = toType.equals("companies") ? primaryOf(type, mergedId, toType) : null;
            for (Long other : List.copyOf(moved)) {
                remove(type, mergedId, toType, other);
                if (!(type.equals(toType) && other == survivorId)) {
                    associate(type, survivorId, toType, other);
                }
            }
            if (mergedPrimary != null && primaryOf(type, survivorId, toType) == null) {
                primaryCompany.computeIfAbsent(type, k -> new HashMap<>()).put(survivorId, mergedPrimary);
            }
        }
    }

    private Long primaryOf(String fromType, long fromId, String toType) {
        if (!toType.equals("companies")) {
            return null;
        }
        Map<Long, Long> primaries = primaryCompany.get(fromType);
        return primaries == null ? null : primaries.get(fromId);
    }

    private void repairPrimary(String type, long id) {
        Map<Long, Long> primaries = primaryCompany.get(type);
        if (primaries == null || !primaries.containsKey(id)) {
            return;
        }
        Set<Long> companies = edges(type, "companies").getOrDefault(id, Set.of());
        if (!companies.contains(primaries.get(id))) {
            if (companies.isEmpty()) {
                primaries.remove(id);
            } else {
                primaries.put(id, companies.iterator().next());
            }
        }
    }

    private void unlink(String fromType, long fromId, String toType, long toId) {
        Map<Long, Set<Long>> map = edges(fromType, toType);
        Set<Long> to = map.get(fromId);
        if (to != null) {
            to.remove(toId);
            if (to.isEmpty()) {
                map.remove(fromId);
            }
        }
    }

    private Map<Long, Set<Long>> edges(String fromType, String toType) {
        return edges.computeIfAbsent(fromType + ">" + toType, k -> new HashMap<>());
    }

    /** Every visible association of a record, for tests and seeding checks: to type -> ids. */
    public synchronized Map<String, List<Long>> all(String type, long id) {
        Map<String, List<Long>> all = new java.util.LinkedHashMap<>();
        for (String toType : new LinkedHashSet<>(TYPES)) {
            if (supported(type, toType)) {
                all.put(toType, associated(type, id, toType));
            }
        }
        return all;
    }
}
