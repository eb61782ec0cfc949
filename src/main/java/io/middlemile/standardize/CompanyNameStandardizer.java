package io.middlemile.standardize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Company names: a tidied display value and a legal-form-free match key.
 *
 * <p>Display: whitespace collapsed; an ALL-CAPS name is title-cased only when it has a word of five or more
 * letters (so "IBM" and "SAP SE" stay, "ACME WIDGETS INC" becomes "Acme Widgets Inc"); short words keep their
 * capitals because they are usually acronyms. Anything with mixed case is the company's own styling and is kept.
 *
 * <p>Key: diacritics, case and punctuation removed, {@code &}/{@code +}/"and"/"und"/"et" dropped, a leading "the"
 * dropped, trailing legal forms (Inc, LLC, GmbH, S.A., Pty Ltd, Sdn Bhd, ..., and long forms such as "spółka z o.o.",
 * "Gesellschaft mit beschränkter Haftung" or "Limited Liability Company") stripped repeatedly, and the
 * remaining words concatenated without spaces ("Face Book" = "Facebook"). Attribute {@code legalForm} lists what
 * was stripped.
 */
public final class CompanyNameStandardizer implements Standardizer {

    public static final String NAME = "company-name";

    /** Legal forms as they look after dots are removed and single letters are merged ("S.A." → "sa"). */
    private static final Set<String> LEGAL_FORMS = Set.of(
            "inc", "incorporated", "llc", "lc", "pllc", "ltd", "limited", "corp", "corporation", "co", "company", "cos",
            "gmbh", "ag", "kg", "kgaa", "ohg", "ug", "ev", "eg", "mbh", "se", "sa", "sas", "sasu", "sarl", "eurl", "sl",
            "slu", "sau", "bv", "nv", "vof", "cv", "pty", "plc", "llp", "lp", "oy", "oyj", "ab", "as", "asa", "aps",
            "spa", "srl", "sapa", "snc", "kk", "sdn", "bhd", "pvt", "pte", "private", "ltda", "sro", "spzoo", "sp",
            "zoo", "kft", "zrt", "nyrt", "doo", "ooo", "zao", "oao", "pjsc", "jsc", "tbk", "pt", "sagl", "scs", "sca",
            "bvba", "sprl", "cvba", "ehf", "hf", "ks", "is", "sae", "saic", "sab", "de", "rl", "gk", "yk",
            "lda", "ltee", "incorporee", "inh", "ek", "gbr", "partg", "partnerschaft", "proprietary",
            // Polish abbreviations that keep their dots together ("sp.j.", "sp.k.", "S.K.A.", "sp.z o.o.")
            "spj", "spk", "spp", "ska", "spz",
            // one-word long forms
            "aktiengesellschaft", "kommanditgesellschaft", "aktiebolag", "aktiebolaget", "osakeyhtio", "aksjeselskap",
            "aktieselskab", "anpartsselskab", "kabushikigaisha", "yugengaisha", "godogaisha");

    /**
     * Legal forms spelt out in several words, as tokens look after {@link #keyAndForm} prepared them (dots gone,
     * diacritics gone, single letters merged: "spółka z o.o." is {@code spolka z oo}). Indexed by their last word.
     */
    private static final Map<String, List<List<String>>> LONG_FORMS = byLastWord(
            // Poland
            "spolka z oo", "sp z oo", "spz oo", "spolka z ograniczona odpowiedzialnoscia", "spolka akcyjna",
            "spolka jawna", "spolka komandytowa", "spolka komandytowo akcyjna", "spolka partnerska",
            "prosta spolka akcyjna",
            // German-speaking countries
            "gesellschaft mit beschrankter haftung", "eingetragener verein",
            "eingetragene genossenschaft", "offene handelsgesellschaft", "eingetragener kaufmann",
            // French, Spanish, Portuguese, Italian
            "societe anonyme", "societe a responsabilite limitee", "societe par actions simplifiee",
            "societe en nom collectif", "sociedad anonima", "sociedad limitada", "sociedad de responsabilidad limitada",
            "sociedad anonima de capital variable", "sociedade anonima", "sociedade limitada",
            "societa per azioni", "societa a responsabilita limitata", "societa in nome collettivo",
            // Benelux, Nordics, Central Europe
            "besloten vennootschap", "naamloze vennootschap", "spolecnost s rucenim omezenym", "akciova spolecnost",
            "korlatolt felelossegu tarsasag",
            // English-speaking countries
            "limited liability company", "limited liability partnership", "limited partnership",
            "public limited company", "professional corporation", "professional limited liability company");

    private static Map<String, List<List<String>>> byLastWord(String... forms) {
        Map<String, List<List<String>>> m = new java.util.HashMap<>();
        for (String f : forms) {
            List<String> words = List.of(f.split(" "));
            m.computeIfAbsent(words.get(words.size() - 1), k -> new ArrayList<>()).add(words);
        }
        // longest first, so "prosta spolka akcyjna" wins over "spolka akcyjna"
        m.values().forEach(l -> l.sort((a, b) -> b.size() - a.size()));
        return Map.copyOf(m);
    }

    /** Words dropped anywhere in the key because they only join other words. */
    private static final Set<String> CONNECTORS = Set.of("and", "und", "et", "y", "e");

    private static final Set<String> KEEP_UPPER_SHORT = Set.of("llc", "llp", "plc", "ag", "kg", "se", "sa", "bv", "nv");

    @Override
    public String name() {
        return NAME;
    }

    /** Match key, or null when the name has no letters or digits. */
    public static String key(String companyName) {
        if (companyName == null || companyName.length() > Text.MAX_LENGTH) {
            return null;
        }
        return keyAndForm(companyName)[0];
    }

    /** [key, strippedLegalForm]; key null when nothing is left. */
    private static String[] keyAndForm(String name) {
        String prepared = name.replace("&", " and ").replace("+", " and ");
        String[] raw = Text.lookupKey(prepared).split(" ");
        List<String> tokens = new ArrayList<>(raw.length);
        StringBuilder singles = new StringBuilder();
        // "S A" / "B V" / "A B C Corp": runs of single letters are one word
        for (String t : raw) {
            if (t.length() == 1 && Character.isLetter(t.charAt(0))) {
                singles.append(t);
                continue;
            }
            if (singles.length() > 0) {
                tokens.add(singles.toString());
                singles.setLength(0);
            }
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        if (singles.length() > 0) {
            tokens.add(singles.toString());
        }
        tokens.removeIf(CONNECTORS::contains);
        if (tokens.size() > 1 && tokens.get(0).equals("the")) {
            tokens.remove(0);
        }
        List<String> stripped = new ArrayList<>();
        while (tokens.size() > 1) {
            int words = trailingLegalForm(tokens);
            if (words == 0) {
                break;
            }
            List<String> tail = tokens.subList(tokens.size() - words, tokens.size());
            stripped.addAll(0, tail);
            tail.clear();
        }
        // Indonesian "PT Foo" puts the legal form first
        if (tokens.size() > 1 && tokens.get(0).equals("pt")) {
            stripped.add(0, tokens.remove(0));
        }
        String key = String.join("", tokens);
        return new String[] {key.isEmpty() ? null : key, stripped.isEmpty() ? null : String.join(" ", stripped)};
    }

    /** Number of trailing tokens that form one legal form (0 if none), always leaving at least one token. */
    private static int trailingLegalForm(List<String> tokens) {
        String last = tokens.get(tokens.size() - 1);
        List<List<String>> forms = LONG_FORMS.get(last);
        if (forms != null) {
            for (List<String> form : forms) {
                int n = form.size();
                if (tokens.size() > n && tokens.subList(tokens.size() - n, tokens.size()).equals(form)) {
                    return n;
                }
            }
        }
        return LEGAL_FORMS.contains(last) ? 1 : 0;
    }

    /** Display form: whitespace tidied and shouting removed (see class doc). */
    public static String display(String companyName) {
        String s = Text.tidy(companyName);
        if (s == null) {
            return null;
        }
        if (!isShouting(s)) {
            return s;
        }
        String[] words = s.split(" ");
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(titleWord(words[i]));
        }
        return b.toString();
    }

    @Override
    public Standardized apply(String input, StandardizeContext context) {
        String s = Text.tidy(input);
        if (s == null) {
            return Standardized.empty();
        }
        if (s.length() > 500) {
            return Standardized.invalid("too long to be a company name");
        }
        String[] kf = keyAndForm(s);
        if (kf[0] == null) {
            return Standardized.invalid("no letters or digits in company name");
        }
        String value = display(s);
        Map<String, String> attrs = kf[1] == null ? Map.of() : Map.of("legalForm", kf[1]);
        return Text.result(s, value, kf[0], "tidied '" + s + "' to '" + value + "'", attrs);
    }

    private static boolean isShouting(String s) {
        boolean lower = false;
        int run = 0;
        boolean longWord = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLowerCase(c)) {
                lower = true;
                break;
            }
            if (Character.isLetter(c)) {
                run++;
                longWord |= run >= 5;
            } else {
                run = 0;
            }
        }
        return !lower && longWord;
    }

    private static String titleWord(String w) {
        String letters = Text.alnumKey(w);
        if (letters.length() <= 3 && !LEGAL_FORMS.contains(letters) && !CONNECTORS.contains(letters)
                && !"the".equals(letters) && !"of".equals(letters) && !"for".equals(letters)) {
            return w; // short all-caps word: most likely an acronym
        }
        if (KEEP_UPPER_SHORT.contains(letters)) {
            return w;
        }
        if ("gmbh".equals(letters)) {
            return "GmbH";
        }
        String lower = w.toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(lower.length());
        boolean start = true;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            b.append(start ? Character.toUpperCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '\'';
        }
        return b.toString();
    }
}
