package io.middlemile.standardize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Person names: casing, prefix/suffix separation, full-name splitting and match keys.
 *
 * <p>Casing is only changed for tokens that are entirely upper or lower case, so deliberate mixed case
 * ("DeVito", "McKinsey", "van der Berg") is never mangled. Prefixes (Dr., Mr. ...) are removed from the value and
 * kept in attribute {@code prefix}; suffixes (Jr., III, PhD ...) stay in the display value but are also reported
 * in {@code suffix} and never enter keys. Attributes {@code first}, {@code middle}, {@code last} are filled when
 * present. Three registry names share this class: "person-name" (full name; key "first last" via
 * {@link #nameKey}), "first-name" (key {@link #firstNameKey}) and "last-name" (key {@link #lastNameKey}).
 */
public final class PersonNameStandardizer implements Standardizer {

    /** Which field the standardizer is fed. */
    public enum Field { FULL, FIRST, LAST }

    /**
     * A split name; each part is cased and may be null.
     *
     * @param prefix honorific such as "Dr."
     * @param suffix generational/professional suffix such as "Jr." or "PhD"
     */
    public record NameParts(String prefix, String first, String middle, String last, String suffix) {

        /** "First Middle Last Suffix" without the prefix; null when there is no first or last name. */
        public String display() {
            StringBuilder b = new StringBuilder();
            for (String p : new String[] {first, middle, last, suffix}) {
                if (p != null && !p.isEmpty()) {
                    if (b.length() > 0) {
                        b.append(' ');
                    }
                    b.append(p);
                }
            }
            return b.length() == 0 ? null : b.toString();
        }
    }

    private static final Map<String, String> PREFIXES = Map.ofEntries(
            Map.entry("dr", "Dr."), Map.entry("mr", "Mr."), Map.entry("mrs", "Mrs."), Map.entry("ms", "Ms."),
            Map.entry("miss", "Miss"), Map.entry("mx", "Mx."), Map.entry("prof", "Prof."), Map.entry("professor", "Prof."),
            Map.entry("rev", "Rev."), Map.entry("sir", "Sir"), Map.entry("dame", "Dame"), Map.entry("herr", "Herr"),
            Map.entry("frau", "Frau"), Map.entry("mme", "Mme"), Map.entry("mlle", "Mlle"), Map.entry("sr", "Sr."));

    private static final Map<String, String> SUFFIXES = Map.ofEntries(
            Map.entry("jr", "Jr."), Map.entry("jnr", "Jr."), Map.entry("sr", "Sr."), Map.entry("snr", "Sr."),
            Map.entry("ii", "II"), Map.entry("iii", "III"), Map.entry("iv", "IV"), Map.entry("phd", "PhD"),
            Map.entry("md", "MD"), Map.entry("esq", "Esq."), Map.entry("dds", "DDS"), Map.entry("cpa", "CPA"),
            Map.entry("mba", "MBA"), Map.entry("jd", "JD"), Map.entry("rn", "RN"), Map.entry("pe", "PE"),
            Map.entry("obe", "OBE"), Map.entry("mbe", "MBE"), Map.entry("cfa", "CFA"));

    private static final Set<String> PARTICLES = Set.of(
            "van", "von", "de", "der", "den", "da", "di", "le", "la", "du", "del", "della", "dos", "das", "do",
            "ten", "ter", "zu", "bin", "ibn", "dela", "y");

    /** Scottish/Irish "Mac" surnames are common, but so are Spanish/Portuguese words starting with "mac". */
    private static final Set<String> MAC_EXCEPTIONS = Set.of(
            "macias", "machado", "mackie", "macey", "machin", "mackey", "macklin", "macon", "macedo", "macario",
            "mackay", "macaulay", "macri", "macchi", "mace", "macek", "macha", "mack", "macy", "maciel", "macnee");

    private static final PersonNameStandardizer FULL = new PersonNameStandardizer(Field.FULL);

    private final Field field;

    public PersonNameStandardizer(Field field) {
        this.field = field;
    }

    public PersonNameStandardizer() {
        this(Field.FULL);
    }

    @Override
    public String name() {
        return switch (field) {
            case FULL -> "person-name";
            case FIRST -> "first-name";
            case LAST -> "last-name";
        };
    }

    // ---------------------------------------------------------------- public helpers for the dedupe engine

    /**
     * Splits a full name ("Dr. John A. Smith Jr.", "Smith, John A.", "maria van der berg") into cased parts.
     * Returns parts with all-null fields for blank input; never throws.
     */
    public static NameParts split(String fullName) {
        String s = Text.tidy(fullName);
        if (s == null || Text.tooLong(s)) {
            return new NameParts(null, null, null, null, null);
        }
        return splitTidy(s);
    }

    /**
     * First-name match key: the sorted nickname group ids joined by {@code |}, e.g. "Bob" → "robert",
     * "Chris" → "christian|christina|christine|christopher". Blocking code should split on {@code |} and index
     * every part; for pairwise comparison use {@link #sameFirstName}. Null for blank input.
     */
    public static String firstNameKey(String firstName) {
        Set<String> g = firstNameGroups(firstName);
        return g.isEmpty() ? null : String.join("|", g);
    }

    /** Nickname group ids (sorted) of a first name; a name not in the table is its own group. */
    public static Set<String> firstNameGroups(String firstName) {
        if (firstName == null || firstName.length() > 200) {
            return Set.of();
        }
        String n = Nicknames.normalize(firstName);
        int space = n.indexOf(' ');
        // "José María" is a table entry of its own; otherwise only the first token counts ("John A." → "john")
        if (space > 0 && !Nicknames.known(n)) {
            n = n.substring(0, space);
        }
        return Nicknames.groups(n);
    }

    /** True when both first names share a nickname group (Bob/Robert, Chris/Christina, Hans/Johannes). */
    public static boolean sameFirstName(String a, String b) {
        Set<String> ga = firstNameGroups(a);
        for (String g : firstNameGroups(b)) {
            if (ga.contains(g)) {
                return true;
            }
        }
        return false;
    }

    /** Accent-, case- and punctuation-insensitive key of any name part: "O'Brien" → "obrien", "Müller" → "muller". */
    public static String lastNameKey(String lastName) {
        if (lastName == null || lastName.length() > Text.MAX_LENGTH) {
            return null;
        }
        String k = Text.alnumKey(lastName);
        return k.isEmpty() ? null : k;
    }

    /** Full-name key "first last" (each part via {@link #lastNameKey}, middle names and affixes ignored). */
    public static String nameKey(String fullName) {
        NameParts p = split(fullName);
        return nameKey(p.first(), p.last());
    }

    /** Key from separate fields; null when both are blank. */
    public static String nameKey(String first, String last) {
        String f = lastNameKey(first);
        String l = lastNameKey(last);
        if (f == null || l == null) {
            return f == null ? l : f;
        }
        return f + " " + l;
    }

    /** Proper-cases one name field; leaves deliberately mixed-case tokens alone. */
    public static String properCase(String name) {
        String s = Text.tidy(name);
        if (s == null) {
            return null;
        }
        String[] tokens = s.split(" ");
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < tokens.length; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(caseToken(tokens[i], i == 0));
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- Standardizer

    @Override
    public Standardized apply(String input, StandardizeContext context) {
        String s = Text.tidy(input);
        if (s == null) {
            return Standardized.empty();
        }
        if (Text.tooLong(s) || s.length() > 300) {
            return Standardized.invalid("too long to be a person name");
        }
        String problem = problem(s);
        if (problem != null) {
            return Standardized.invalid(problem);
        }
        if (s.indexOf(' ') < 0 && PREFIXES.containsKey(bare(s)) && field != Field.LAST) {
            return Standardized.invalid("'" + s + "' is only a title, not a name");
        }
        NameParts p = switch (field) {
            case LAST -> splitLast(s);
            case FIRST -> splitFirst(s);
            default -> splitTidy(s);
        };
        Map<String, String> attrs = new HashMap<>(8);
        putIf(attrs, "prefix", p.prefix());
        putIf(attrs, "first", p.first());
        putIf(attrs, "middle", p.middle());
        putIf(attrs, "last", p.last());
        putIf(attrs, "suffix", p.suffix());
        String value;
        String key;
        switch (field) {
            case FIRST -> {
                // a first-name field holding "John A." keeps the initial in the value but not in the key
                value = joinNonNull(p.first(), p.middle());
                key = firstNameKey(joinNonNull(p.first(), p.middle()));
            }
            case LAST -> {
                value = joinNonNull(p.last(), p.suffix());
                key = lastNameKey(p.last());
            }
            default -> {
                value = p.display();
                key = nameKey(p.first(), p.last());
            }
        }
        if (value == null) {
            return Standardized.invalid("no name left after removing titles");
        }
        return Text.result(s, value, key, "standardized '" + s + "' to '" + value + "'", attrs);
    }

    // ---------------------------------------------------------------- internals

    private static String problem(String s) {
        boolean letter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                return "name contains digits";
            }
            if (c == '@') {
                return "looks like an e-mail address, not a name";
            }
            if (Character.isLetter(c)) {
                letter = true;
            }
        }
        return letter ? null : "no letters in name";
    }

    private static NameParts splitTidy(String s) {
        String prefix = null;
        String suffix = null;
        String before = s;
        String after = null;
        int comma = s.indexOf(',');
        if (comma >= 0) {
            before = s.substring(0, comma).trim();
            after = s.substring(comma + 1).trim();
            // "John Smith, Jr." / "John Smith, PhD": the part after the comma is only suffixes
            List<String> afterTokens = tokens(after);
            if (!afterTokens.isEmpty() && afterTokens.stream().allMatch(t -> SUFFIXES.containsKey(bare(t)))) {
                suffix = joinSuffixes(afterTokens);
                after = null;
            }
        }
        List<String> main;
        if (after != null && !after.isEmpty()) {
            // "Smith, John A." → given names after the comma; the surname may still carry a suffix
            List<String> given = tokens(after);
            List<String> family = tokens(before);
            prefix = takePrefixes(given);
            if (prefix == null) {
                prefix = takePrefixes(family);
            }
            String suf = takeSuffixes(given);
            String suf2 = takeSuffixes(family);
            suffix = firstNonNull(suffix, suf, suf2);
            if (given.isEmpty() && family.isEmpty()) {
                return new NameParts(prefix, null, null, null, suffix);
            }
            String first = given.isEmpty() ? null : caseToken(given.get(0), true);
            String middle = given.size() > 1 ? caseTokens(given.subList(1, given.size()), false) : null;
            String last = family.isEmpty() ? null : caseTokens(family, true);
            return new NameParts(prefix, first, middle, last, suffix);
        }
        main = tokens(before);
        prefix = takePrefixes(main);
        suffix = firstNonNull(suffix, takeSuffixes(main));
        if (main.isEmpty()) {
            return new NameParts(prefix, null, null, null, suffix);
        }
        if (main.size() == 1) {
            return new NameParts(prefix, caseToken(main.get(0), true), null, null, suffix);
        }
        int lastStart = main.size() - 1;
        while (lastStart > 1 && PARTICLES.contains(main.get(lastStart - 1).toLowerCase(Locale.ROOT))) {
            lastStart--;
        }
        String first = caseToken(main.get(0), true);
        String middle = lastStart > 1 ? caseTokens(main.subList(1, lastStart), false) : null;
        String last = caseTokens(main.subList(lastStart, main.size()), lastStart == 0);
        return new NameParts(prefix, first, middle, last, suffix);
    }

    private static NameParts splitFirst(String s) {
        List<String> t = tokens(s.replace(",", " "));
        String prefix = takePrefixes(t);
        if (t.isEmpty()) {
            return new NameParts(prefix, null, null, null, null);
        }
        String middle = t.size() > 1 ? caseTokens(t.subList(1, t.size()), false) : null;
        return new NameParts(prefix, caseToken(t.get(0), true), middle, null, null);
    }

    private static NameParts splitLast(String s) {
        List<String> t = tokens(s.replace(",", " "));
        String suffix = takeSuffixes(t);
        if (t.isEmpty()) {
            return new NameParts(null, null, null, null, suffix);
        }
        return new NameParts(null, null, null, caseTokens(t, true), suffix);
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        for (String t : s.split(" ")) {
            if (!t.isEmpty() && Text.hasLetterOrDigit(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static String bare(String token) {
        return Text.alnumKey(token);
    }

    private static String takePrefixes(List<String> tokens) {
        String prefix = null;
        // "Sr." is a Spanish honorific at the front but a suffix at the end; a lone token is never a prefix
        while (tokens.size() > 1 && PREFIXES.containsKey(bare(tokens.get(0)))) {
            String p = PREFIXES.get(bare(tokens.remove(0)));
            prefix = prefix == null ? p : prefix + " " + p;
        }
        return prefix;
    }

    private static String takeSuffixes(List<String> tokens) {
        List<String> found = new ArrayList<>();
        while (tokens.size() > 1 && SUFFIXES.containsKey(bare(tokens.get(tokens.size() - 1)))) {
            found.add(0, tokens.remove(tokens.size() - 1));
        }
        return found.isEmpty() ? null : joinSuffixes(found);
    }

    private static String joinSuffixes(List<String> raw) {
        StringBuilder b = new StringBuilder();
        for (String r : raw) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(SUFFIXES.get(bare(r)));
        }
        return b.toString();
    }

    private static String caseTokens(List<String> tokens, boolean firstIsLeading) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(caseToken(tokens.get(i), firstIsLeading && i == 0));
        }
        return b.toString();
    }

    /** Cases one token; {@code leading} tokens capitalise particles ("Van Halen" as a surname-only field). */
    static String caseToken(String token, boolean leading) {
        String letters = token.replace(".", "");
        if (letters.length() == 1 && Character.isLetter(letters.charAt(0))) {
            return letters.toUpperCase(Locale.ROOT) + ".";
        }
        boolean hasUpper = false;
        boolean hasLower = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            hasUpper |= Character.isUpperCase(c);
            hasLower |= Character.isLowerCase(c);
        }
        if (hasUpper && hasLower) {
            return token; // deliberate mixed case is the person's own spelling
        }
        String lower = token.toLowerCase(Locale.ROOT);
        if (!leading && PARTICLES.contains(lower)) {
            return lower;
        }
        StringBuilder b = new StringBuilder(lower.length());
        boolean start = true;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (start && Character.isLetter(c)) {
                int wordEnd = i;
                while (wordEnd < lower.length() && Character.isLetter(lower.charAt(wordEnd))) {
                    wordEnd++;
                }
                String word = lower.substring(i, wordEnd);
                b.append(capitalizeWord(word));
                i = wordEnd - 1;
                start = false;
            } else {
                b.append(c);
                start = c == '-' || c == '\'' || c == '\u2019' || c == '.';
            }
        }
        return b.toString();
    }

    private static String capitalizeWord(String w) {
        if (w.length() > 3 && w.startsWith("mc")) {
            return "Mc" + Character.toUpperCase(w.charAt(2)) + w.substring(3);
        }
        if (w.length() > 6 && w.startsWith("mac") && !MAC_EXCEPTIONS.contains(w)
                && "aeiouhy".indexOf(w.charAt(3)) < 0) {
            return "Mac" + Character.toUpperCase(w.charAt(3)) + w.substring(4);
        }
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private static void putIf(Map<String, String> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    private static String joinNonNull(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isEmpty()) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(p);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** Shared default instance for callers that do not go through the registry. */
    static PersonNameStandardizer full() {
        return FULL;
    }
}
