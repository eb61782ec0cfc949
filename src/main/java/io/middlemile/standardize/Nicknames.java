package io.middlemile.standardize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Given-name equivalence groups from {@code standardize/nicknames.csv} (compiled for Middlemile, Apache-2.0).
 *
 * <p>Each line is a group whose first entry is its id. A name belongs to every group it is listed in, so an
 * ambiguous short form such as "Chris" belongs to christian, christina, christine and christopher and therefore
 * matches each of them, while Christopher and Christina do not match each other. Unknown names form their own
 * singleton group.
 */
final class Nicknames {

    /** normalized name → sorted, immutable set of group ids. */
    private static final Map<String, Set<String>> GROUPS = load();

    private Nicknames() {
    }

    /** Lowercase, diacritic-free, hyphen/space-separated form used for table lookups. */
    static String normalize(String name) {
        return Text.lookupKey(name);
    }

    /** Group ids for a given name; never empty for a non-blank name. */
    static Set<String> groups(String name) {
        String n = normalize(name);
        if (n.isEmpty()) {
            return Set.of();
        }
        Set<String> g = GROUPS.get(n);
        return g != null ? g : Set.of(n);
    }

    static boolean known(String normalized) {
        return GROUPS.containsKey(normalized);
    }

    static boolean same(String a, String b) {
        Set<String> ga = groups(a);
        if (ga.isEmpty()) {
            return false;
        }
        for (String g : groups(b)) {
            if (ga.contains(g)) {
                return true;
            }
        }
        return false;
    }

    static int size() {
        return GROUPS.size();
    }

    private static Map<String, Set<String>> load() {
        Map<String, TreeSet<String>> m = new HashMap<>(4096);
        for (String line : Resources.lines("nicknames.csv")) {
            List<String> names = new ArrayList<>();
            for (String part : line.split(",")) {
                String n = normalize(part);
                if (!n.isEmpty()) {
                    names.add(n);
                }
            }
            if (names.isEmpty()) {
                continue;
            }
            String id = names.get(0);
            for (String n : names) {
                m.computeIfAbsent(n, k -> new TreeSet<>()).add(id);
            }
        }
        Map<String, Set<String>> frozen = new HashMap<>(m.size() * 2);
        // TreeSet order is kept by the unmodifiable wrapper, which makes joined keys deterministic
        m.forEach((k, v) -> frozen.put(k, Collections.unmodifiableSet(v)));
        return Map.copyOf(frozen);
    }
}
