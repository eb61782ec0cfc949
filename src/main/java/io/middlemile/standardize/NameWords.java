package io.middlemile.standardize;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words that decide how a person name is read: titles ({@code standardize/name-titles.txt}), generational and
 * post-nominal suffixes ({@code standardize/name-suffixes.txt}), surname particles and the conjunctions of
 * compound surnames. Lookups take the bare form of a token ({@link Text#alnumKey}: "Ph.D." and "PHD" are "phd").
 */
final class NameWords {

    /**
     * A bundled word list.
     *
     * @param display    bare form → display form
     * @param maybeNames bare forms marked {@code ?}: also given names, surnames or initials
     */
    private record Table(Map<String, String> display, Set<String> maybeNames) {
    }

    private static final Map<String, String> TITLES = load("name-titles.txt").display();
    private static final Table SUFFIXES = load("name-suffixes.txt");

    /** Particles written in lower case inside a name ("Ludwig van Beethoven", "Leonardo da Vinci"). */
    private static final Set<String> LOWER_PARTICLES = Set.of(
            "van", "von", "vom", "vander", "de", "der", "den", "des", "da", "dal", "di", "dei", "degli", "della", "delle",
            "dello", "del", "dela", "le", "la", "du", "dos", "das", "do", "ten", "ter", "zu", "zur", "bin", "binti",
            "ibn");

    /** Particles that keep their capital ("Jill St. John", "Carlos San Martín", "Ahmed Abu Zayd"). */
    private static final Set<String> CAPITAL_PARTICLES = Set.of("st", "ste", "saint", "sainte", "san", "santa", "santo",
            "abu", "al", "el", "mac", "mc");

    /** Conjunctions joining the two halves of a compound surname ("Velasquez y Garcia", "Costa e Silva"). */
    private static final Set<String> CONJUNCTIONS = Set.of("y", "e", "i");

    private NameWords() {
    }

    /** Display form of a title ("dr" → "Dr."), or null. */
    static String title(String bare) {
        return TITLES.get(bare);
    }

    /** Display form of a suffix that is never also a name ("phd" → "PhD", "iii" → "III"), or null. */
    static String suffix(String bare) {
        return SUFFIXES.maybeNames().contains(bare) ? null : SUFFIXES.display().get(bare);
    }

    /** Display form of any suffix, including those that are also names or initials ("ma" → "MA"), or null. */
    static String anySuffix(String bare) {
        return SUFFIXES.display().get(bare);
    }

    /** True for a particle that starts a surname ("van", "de", "St."). */
    static boolean particle(String bare) {
        return LOWER_PARTICLES.contains(bare) || CAPITAL_PARTICLES.contains(bare);
    }

    /** True for a particle written in lower case when it is not the first word of the field. */
    static boolean lowerParticle(String lower) {
        return LOWER_PARTICLES.contains(lower);
    }

    /**
     * True for "y", "e" or "i" written in lower case. An upper-case "E" is a middle initial ("John E Smith"), the
     * same rule python-nameparser uses.
     */
    static boolean conjunction(String token) {
        return token.length() == 1 && CONJUNCTIONS.contains(token);
    }

    private static Table load(String resource) {
        Map<String, String> display = new HashMap<>();
        Set<String> maybeNames = new HashSet<>();
        for (String line : Resources.lines(resource)) {
            boolean maybeName = line.startsWith("?");
            List<String> forms = List.of((maybeName ? line.substring(1) : line).split(","));
            String shown = forms.get(0).strip();
            for (String form : forms) {
                String bare = Text.alnumKey(form);
                display.putIfAbsent(bare, shown);
                if (maybeName) {
                    maybeNames.add(bare);
                }
            }
        }
        return new Table(Map.copyOf(display), Set.copyOf(maybeNames));
    }
}
