package io.middlemile.standardize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Person names: casing, title/suffix/nickname separation, full-name splitting and match keys.
 *
 * <p>Casing is only changed for tokens that are entirely upper or lower case, so deliberate mixed case
 * ("DeVito", "McKinsey", "van der Berg") is never mangled; when the input as a whole is mixed case, a particle the
 * writer left in lower case stays so even at the start of a surname field. Titles (Dr., Lt. Gen. ...) are removed
 * from the value and kept in attribute {@code prefix}; suffixes (Jr., III, PhD, CFP, QC MP ...) stay in the display
 * value but are also reported in {@code suffix} and never enter keys; a nickname in parentheses or quotes
 * ("Benjamin (Ben) Franklin") leaves the value and is kept in {@code nickname}. Attributes {@code first},
 * {@code middle}, {@code last} are filled when present. Full names are read like python-nameparser reads them:
 * "Title First Middle Last Suffix", "Last, Title First Middle, Suffix" and "First Last, Suffix, Suffix", with
 * particles ("van der", "St.") and conjunctions ("Velasquez y Garcia") kept in the surname. Three registry names
 * share this class: "person-name" (full name; key "first last" via {@link #nameKey}), "first-name" (key
 * {@link #firstNameKey}) and "last-name" (key {@link #lastNameKey}).
 */
public final class PersonNameStandardizer implements Standardizer {

    /** Which field the standardizer is fed. */
    public enum Field { FULL, FIRST, LAST }

    /**
     * A split name; each part is cased and may be null.
     *
     * @param prefix   title such as "Dr." or "Lt. Gen."
     * @param suffix   generational/professional suffixes such as "Jr." or "PhD CFP"
     * @param nickname the name the person goes by, from parentheses or quotes ("Ben" in "Benjamin (Ben) Franklin")
     */
    public record NameParts(String prefix, String first, String middle, String last, String suffix, String nickname) {

        /** Parts without a nickname. */
        public NameParts(String prefix, String first, String middle, String last, String suffix) {
            this(prefix, first, middle, last, suffix, null);
        }

        /** "First Middle Last Suffix" without the prefix and nickname; null when there is no first or last name. */
        public String display() {
            return joinNonNull(first, middle, last, suffix);
        }
    }

    /** "(Ben)", "\"Ben\"", "“Ben”", "'Ben'" (not the apostrophe of O'Brien) and "‘Ben’". */
    private static final Pattern NICKNAME = Pattern.compile(
            "\\(([^()]*)\\)|\"([^\"]*)\"|“([^“”]*)”|„([^“”]*)[“”]|(?<!\\p{L})'([^']*)'(?!\\p{L})|‘([^‘’]*)’");

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
        boolean mixed = Casing.of(s).mixed();
        String[] tokens = s.split(" ");
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < tokens.length; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(caseToken(tokens[i], i == 0, mixed));
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
        if (s.indexOf(' ') < 0 && NameWords.title(bare(s)) != null && field != Field.LAST) {
            return Standardized.invalid("'" + s + "' is only a title, not a name; give the person's name as well");
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
        putIf(attrs, "nickname", p.nickname());
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
            return Standardized.invalid("no name left after removing titles; give the person's name as well");
        }
        return Text.result(s, value, key, "standardized '" + s + "' to '" + value + "'", attrs);
    }

    // ---------------------------------------------------------------- internals

    /**
     * How the whole input was written.
     *
     * @param mixed   both capitals and small letters: the writer cased it, so lower-case particles are kept
     * @param allCaps no small letters: capitals say nothing, so "MA" may be a surname as well as a degree
     */
    private record Casing(boolean mixed, boolean allCaps) {

        static Casing of(String s) {
            boolean upper = false;
            boolean lower = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                upper |= Character.isUpperCase(c);
                lower |= Character.isLowerCase(c);
            }
            return new Casing(upper && lower, !lower);
        }
    }

    /** A name with its nickname taken out: "Benjamin (Ben) Franklin" is "Benjamin Franklin" and "Ben". */
    private record Nicknamed(String name, String nickname) {
    }

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

    /**
     * Takes the first bracketed or quoted word group out as the nickname. A bracketed suffix ("(Ret.)") stays in
     * the name as a suffix, and a maiden name ("(née Jones)") is dropped rather than mistaken for a nickname.
     */
    private static Nicknamed takeNickname(String s) {
        if (s.indexOf('(') < 0 && s.indexOf('"') < 0 && s.indexOf('\'') < 0 && s.indexOf('“') < 0
                && s.indexOf('„') < 0 && s.indexOf('‘') < 0) {
            return new Nicknamed(s, null); // hot path: most names have none of these
        }
        Matcher m = NICKNAME.matcher(s);
        StringBuilder rest = new StringBuilder(s.length());
        String nickname = null;
        while (m.find()) {
            String inside = null;
            for (int g = 1; g <= m.groupCount() && inside == null; g++) {
                inside = m.group(g);
            }
            inside = inside == null ? "" : inside.strip();
            String lookup = Text.lookupKey(inside);
            String replacement = " ";
            if (NameWords.anySuffix(bare(inside)) != null) {
                replacement = " " + inside + " ";
            } else if (nickname == null && Text.hasLetterOrDigit(inside) && !lookup.startsWith("nee ")
                    && !lookup.startsWith("born ") && !lookup.startsWith("geb ")) {
                nickname = inside;
            }
            m.appendReplacement(rest, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(rest);
        String name = Text.tidy(rest.toString());
        if (name == null || !Text.hasLetterOrDigit(name)) {
            return new Nicknamed(nickname == null ? s : nickname, null); // "(Ben)" alone is the name
        }
        return new Nicknamed(name, nickname == null ? null : caseTokens(tokens(nickname), true, Casing.of(s).mixed()));
    }

    private static NameParts splitTidy(String input) {
        Nicknamed n = takeNickname(input);
        String s = n.name();
        Casing casing = Casing.of(s);
        List<String> segments = new ArrayList<>(2);
        for (String part : s.split(",")) {
            if (Text.hasLetterOrDigit(part)) {
                segments.add(part.strip());
            }
        }
        if (segments.isEmpty()) {
            return new NameParts(null, null, null, null, null, n.nickname());
        }
        List<String> segmentSuffixes = suffixSegments(segments, casing);
        if (segmentSuffixes != null) {
            return firstLast(tokens(segments.get(0)), segmentSuffixes, casing, n.nickname());
        }
        return lastFirst(segments, casing, n.nickname());
    }

    /**
     * The suffixes after the first comma when every segment after it is one ("John Doe, CLU, CFP, LUTC",
     * "John Smith, Ph. D."), else null: the name is then "Last, First". An unknown capitalised acronym counts when
     * a known suffix stands beside it ("Jane Roe, CFP, XYZA", "John Smith MD, FACS"), so one credential missing
     * from our list does not turn the name around.
     */
    private static List<String> suffixSegments(List<String> segments, Casing casing) {
        List<String> out = new ArrayList<>();
        if (segments.size() == 1) {
            return out;
        }
        // "Smith, Ma" is surname and given name; "Jane Smith, MA" is a name and a degree
        List<String> head = tokens(segments.get(0));
        boolean nameFirst = head.size() > 1;
        // "John Smith MD, FACS": a suffix before the first comma vouches for an unknown acronym after it
        boolean known = nameFirst && NameWords.suffix(bare(head.get(head.size() - 1))) != null;
        for (int i = 1; i < segments.size(); i++) {
            String seg = segments.get(i);
            List<String> found = suffixSegment(seg, nameFirst);
            if (found != null) {
                out.addAll(found);
                known = true;
            } else if (nameFirst && !casing.allCaps() && isAcronym(seg)) {
                out.add(seg);
            } else {
                return null;
            }
        }
        return known ? out : null;
    }

    /** Display forms of one comma segment that holds only suffixes ("Ph. D." → [PhD], "Jr. MBA" → [Jr., MBA]). */
    private static List<String> suffixSegment(String seg, boolean allowNames) {
        String whole = allowNames ? NameWords.anySuffix(bare(seg)) : NameWords.suffix(bare(seg));
        if (whole != null) {
            return List.of(whole);
        }
        List<String> out = new ArrayList<>();
        for (String t : tokens(seg)) {
            String d = allowNames ? NameWords.anySuffix(bare(t)) : NameWords.suffix(bare(t));
            if (d == null) {
                return null;
            }
            out.add(d);
        }
        return out.isEmpty() ? null : out;
    }

    /** 2 to 6 capital letters, possibly hyphenated: how credentials are written ("CLU", "SHRM-CP"). */
    private static boolean isAcronym(String seg) {
        int letters = 0;
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            if (Character.isUpperCase(c)) {
                letters++;
            } else if (c != '-') {
                return false;
            }
        }
        return letters >= 2 && letters <= 6;
    }

    /** "Title First Middle Last Suffix" plus suffixes that followed a comma. */
    private static NameParts firstLast(List<String> main, List<String> moreSuffixes, Casing casing, String nickname) {
        String prefix = takePrefixes(main);
        List<String> suffixes = takeSuffixes(main, casing);
        suffixes.addAll(moreSuffixes);
        String suffix = joinSuffixes(suffixes);
        if (main.isEmpty()) {
            return new NameParts(prefix, null, null, null, suffix, nickname);
        }
        String first = caseToken(main.get(0), true, casing.mixed());
        if (main.size() == 1) {
            return new NameParts(prefix, first, null, null, suffix, nickname);
        }
        int lastStart = surnameStart(main);
        String middle = lastStart > 1 ? caseTokens(main.subList(1, lastStart), false, casing.mixed()) : null;
        String last = caseSurname(main.subList(lastStart, main.size()), false, casing);
        return new NameParts(prefix, first, middle, last, suffix, nickname);
    }

    /** "Last Suffix, Title First Middle, Suffix, ...": "Doe, John A., Jr.", "Smith Jr., Dr. John". */
    private static NameParts lastFirst(List<String> segments, Casing casing, String nickname) {
        List<String> family = tokens(segments.get(0));
        List<String> given = tokens(segments.get(1));
        String prefix = takePrefixes(given);
        if (prefix == null) {
            prefix = takePrefixes(family);
        }
        List<String> suffixes = takeSuffixes(family, casing);
        suffixes.addAll(takeSuffixes(given, casing));
        for (String seg : segments.subList(2, segments.size())) {
            List<String> found = suffixSegment(seg, true);
            suffixes.addAll(found != null ? found : tokens(seg)); // kept as written: better shown than lost
        }
        String suffix = joinSuffixes(suffixes);
        String first = given.isEmpty() ? null : caseToken(given.get(0), true, casing.mixed());
        String middle = given.size() > 1 ? caseTokens(given.subList(1, given.size()), false, casing.mixed()) : null;
        String last = family.isEmpty() ? null : caseSurname(family, true, casing);
        return new NameParts(prefix, first, middle, last, suffix, nickname);
    }

    /**
     * Index where the surname starts: the last word, with the particles before it ("Jill St. John", "Maria van der
     * Berg") and compound halves joined by a conjunction ("Juan Velasquez y Garcia"). The first word stays the
     * given name.
     */
    private static int surnameStart(List<String> main) {
        int start = main.size() - 1;
        while (true) {
            if (start - 1 >= 1 && NameWords.particle(bare(main.get(start - 1)))) {
                start--;
            } else if (start - 2 >= 1 && NameWords.conjunction(main.get(start - 1))) {
                start -= 2;
            } else {
                return start;
            }
        }
    }

    private static NameParts splitFirst(String input) {
        Nicknamed n = takeNickname(input);
        boolean mixed = Casing.of(n.name()).mixed();
        List<String> t = tokens(n.name().replace(",", " "));
        String prefix = takePrefixes(t);
        if (t.isEmpty()) {
            return new NameParts(prefix, null, null, null, null, n.nickname());
        }
        String middle = t.size() > 1 ? caseTokens(t.subList(1, t.size()), false, mixed) : null;
        return new NameParts(prefix, caseToken(t.get(0), true, mixed), middle, null, null, n.nickname());
    }

    private static NameParts splitLast(String s) {
        Casing casing = Casing.of(s);
        List<String> t = tokens(s.replace(",", " "));
        String suffix = joinSuffixes(takeSuffixes(t, casing));
        if (t.isEmpty()) {
            return new NameParts(null, null, null, null, suffix);
        }
        return new NameParts(null, null, null, caseSurname(t, true, casing), suffix);
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
        while (tokens.size() > 1 && NameWords.title(bare(tokens.get(0))) != null) {
            String p = NameWords.title(bare(tokens.remove(0)));
            prefix = prefix == null ? p : prefix + " " + p;
        }
        return prefix;
    }

    /** Display forms of the suffixes at the end of {@code tokens}, which loses them; never takes the last word. */
    private static List<String> takeSuffixes(List<String> tokens, Casing casing) {
        List<String> found = new ArrayList<>();
        while (tokens.size() > 1) {
            String t = tokens.get(tokens.size() - 1);
            String d = NameWords.suffix(bare(t));
            if (d == null && !casing.allCaps() && isAcronym(t.replace(".", ""))) {
                d = NameWords.anySuffix(bare(t)); // "Jane Doe MA" but not "Yo-Yo Ma" or "YO-YO MA"
            }
            if (d != null) {
                tokens.remove(tokens.size() - 1);
                found.add(0, d);
                continue;
            }
            // "Ph. D.", "M. D.": a suffix written as two dotted parts that would otherwise read as initials
            if (tokens.size() > 2 && t.endsWith(".") && tokens.get(tokens.size() - 2).endsWith(".")) {
                d = NameWords.suffix(bare(tokens.get(tokens.size() - 2) + t));
                if (d != null) {
                    tokens.subList(tokens.size() - 2, tokens.size()).clear();
                    found.add(0, d);
                    continue;
                }
            }
            break;
        }
        return found;
    }

    private static String joinSuffixes(List<String> suffixes) {
        return suffixes.isEmpty() ? null : String.join(" ", suffixes);
    }

    private static String caseTokens(List<String> tokens, boolean firstIsLeading, boolean mixed) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(caseToken(tokens.get(i), firstIsLeading && i == 0, mixed));
        }
        return b.toString();
    }

    /** Cases a surname, keeping the conjunction of a compound surname in lower case ("Velasquez y Garcia"). */
    private static String caseSurname(List<String> tokens, boolean leading, Casing casing) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (i > 0) {
                b.append(' ');
            }
            b.append(i > 0 && NameWords.conjunction(t) ? t : caseToken(t, leading && i == 0, casing.mixed()));
        }
        return b.toString();
    }

    /**
     * Cases one token. {@code leading} tokens capitalise particles ("Van Halen" as a surname-only field) unless the
     * writer, in an otherwise mixed-case input ({@code mixed}), wrote the particle in lower case ("van der Velt").
     */
    static String caseToken(String token, boolean leading, boolean mixed) {
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
        if (NameWords.lowerParticle(lower) && (!leading || (mixed && !hasUpper))) {
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

    /** Shared default instance for callers that do not go through the registry. */
    static PersonNameStandardizer full() {
        return FULL;
    }
}
