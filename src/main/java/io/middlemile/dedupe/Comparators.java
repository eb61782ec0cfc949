package io.middlemile.dedupe;

import io.middlemile.standardize.PersonNameStandardizer;
import org.apache.commons.codec.language.DoubleMetaphone;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static io.middlemile.dedupe.FieldComparator.Level;
import static io.middlemile.dedupe.FieldComparator.MISSING;

/** The built-in comparison methods of rule files, by name. */
final class Comparators {

    private Comparators() {
    }

    static FieldComparator create(DedupeRules.ComparisonRule rule, MatchRecords records) {
        return create(rule, records.dictionary(records.fieldIndex(rule.field())));
    }

    /** The names of the levels a comparison scores, as a rule file's m and u name them ("exact", "different", ...). */
    static List<String> levelNames(DedupeRules.ComparisonRule rule) {
        return create(rule, new Dictionary(1)).levels().stream().map(FieldComparator.Level::name)
                .filter(name -> !name.equals(FieldComparator.MISSING.name())).toList();
    }

    private static FieldComparator create(DedupeRules.ComparisonRule rule, Dictionary dict) {
        return switch (rule.method()) {
            case "exact" -> new Exact(rule, dict, false);
            case "domain" -> new Domain(rule, dict);
            case "country" -> new Country(rule, dict);
            case "linkedin" -> new Exact(rule, dict, true);
            case "email" -> new EmailComparator(rule, dict);
            case "phone" -> new Phone(rule, dict);
            case "first-name" -> new FirstName(rule, dict);
            case "last-name" -> new LastName(rule, dict);
            case "company-name" -> new Company(rule, dict);
            case "jaro-winkler" -> new JaroWinkler(rule, dict);
            case "levenshtein" -> new Levenshtein(rule, dict);
            default -> throw new IllegalArgumentException("unknown comparison method " + rule.method());
        };
    }

    /** Per-dictionary-value cache filled in parallel by {@code prepare}, computed on demand past its end. */
    static final class Cache<T> {
        private final IntFunction<T> compute;
        private Object[] values = new Object[0];

        Cache(IntFunction<T> compute) {
            this.compute = compute;
        }

        void fill(int size) {
            Object[] v = new Object[size];
            IntStream.range(0, size).parallel().forEach(i -> v[i] = compute.apply(i));
            values = v;
        }

        @SuppressWarnings("unchecked")
        T get(int id) {
            Object[] v = values;
            return id < v.length ? (T) v[id] : compute.apply(id);
        }
    }

    /**
     * exact, linkedin: equal or not. A LinkedIn page is a unique identifier (its exact agreement starts as strong as
     * an e-mail address's); two different LinkedIn profiles are strong evidence of two people.
     */
    static final class Exact extends FieldComparator {
        Exact(DedupeRules.ComparisonRule rule, Dictionary dict, boolean profile) {
            super(rule, dict, profile
                    ? List.of(MISSING, Level.of("exact", 0.9, 0.0001), Level.negative("different", 0.0005, 1.0),
                            FieldComparator.SHARED)
                    : List.of(MISSING, Level.of("exact", 0.9, 0.01), Level.of("different", 0.1, 0.99)));
        }

        @Override
        int compareDistinct(int a, int b, String va, String vb) {
            return 2;
        }

        @Override
        String conflict(String va, String vb) {
            return "two different LinkedIn pages: " + va + " and " + vb;
        }
    }

    /**
     * Web domains: exact, one a subdomain of the other ("eu.acme.com" and "acme.com": a regional site of one
     * company), different. The check is on label boundaries, so "notacme.com" is not a subdomain of "acme.com";
     * registrable domains (co.uk and the like) are the {@code company-domain} standardizer's job in the mapping.
     */
    static final class Domain extends FieldComparator {
        Domain(DedupeRules.ComparisonRule rule, Dictionary dict) {
            // a domain is nearly as unique as an address: few unrelated records share one
            super(rule, dict, List.of(MISSING, Level.of("exact", 0.9, 0.0001),
                    Level.of("parent-or-subdomain", 0.05, 0.00005), Level.of("different", 0.05, 0.99)));
        }

        @Override
        int compareDistinct(int a, int b, String va, String vb) {
            return isSubdomain(va, vb) || isSubdomain(vb, va) ? 2 : 3;
        }
    }

    /** True when {@code sub} is a subdomain of {@code parent} ("eu.acme.com" of "acme.com"), label by label. */
    static boolean isSubdomain(String sub, String parent) {
        return parent.indexOf('.') > 0 && sub.length() > parent.length() + 1 && sub.endsWith(parent)
                && sub.charAt(sub.length() - parent.length() - 1) == '.';
    }

    /**
     * Countries (ISO codes after the country standardizer): the same company name in two countries is usually two
     * legal entities that a CRM keeps apart on purpose (billing, tax, territory), so different countries conflict.
     */
    static final class Country extends FieldComparator {
        Country(DedupeRules.ComparisonRule rule, Dictionary dict) {
            super(rule, dict, List.of(MISSING, Level.of("exact", 0.95, 0.3), Level.negative("different", 0.02, 0.7)));
        }

        @Override
        int compareDistinct(int a, int b, String va, String vb) {
            return 2;
        }

        @Override
        String conflict(String va, String vb) {
            return "different countries: " + va.toUpperCase(java.util.Locale.ROOT) + " and "
                    + vb.toUpperCase(java.util.Locale.ROOT);
        }
    }

    /**
     * E.164 phones; equal last seven digits catch a wrong country or area code on the same line. Two different
     * numbers that differ only in their last {@value #LINE_DIGITS} digits are two direct lines of one company's
     * block of a hundred (a DID range): two desks, so two people ("other-line-same-block", a conflict). Wider
     * blocks would catch one person's home and office line in one small-town exchange. A number ending in "00" is
     * how companies number their main line, and a main line against someone's direct line is no conflict (one
     * record kept the switchboard, the other the desk); neither is a number many records carry.
     */
    static final class Phone extends FieldComparator {
        static final int LINE_DIGITS = 2;

        Phone(DedupeRules.ComparisonRule rule, Dictionary dict) {
            super(rule, dict, List.of(MISSING, Level.of("exact", 0.8, 0.0001), Level.of("same-last-7-digits", 0.05, 0.0005),
                    Level.of("different", 0.15, 0.9994), FieldComparator.SHARED,
                    Level.negative("other-line-same-block", 0.0005, 0.5)));
        }

        @Override
        int compareDistinct(int a, int b, String va, String vb) {
            int la = va.length();
            int lb = vb.length();
            if (la >= 7 && lb >= 7 && va.regionMatches(la - 7, vb, lb - 7, 7)) {
                return 2;
            }
            if (la == lb && la >= 10 && va.regionMatches(0, vb, 0, la - LINE_DIGITS) && !mainLine(va)
                    && !mainLine(vb) && dict.count(a) <= SHARED_VALUE_COUNT && dict.count(b) <= SHARED_VALUE_COUNT) {
                return 5;
            }
            return 3;
        }

        private static boolean mainLine(String e164) {
            return e164.endsWith("00");
        }

        @Override
        String conflict(String va, String vb) {
            return "two different direct lines: " + va + " and " + vb;
        }
    }

    /** Given names: exact, nickname group (Bob/Robert, Raj/Rajesh), spelling slip, initial only, similar, different. */
    static final class FirstName extends FieldComparator {
        private final Cache<String[]> groups;
        private final Cache<String> firstToken;

        FirstName(DedupeRules.ComparisonRule rule, Dictionary dict) {
            super(rule, dict, List.of(MISSING, Level.of("exact", 0.8, 0.01), Level.of("nickname", 0.08, 0.002),
                    Level.of("close", 0.05, 0.005), Level.of("initial", 0.02, 0.01), Level.of("similar", 0.02, 0.02),
                    Level.of("different", 0.03, 0.953)));
            groups = new Cache<>(id -> PersonNameStandardizer.firstNameGroups(dict.value(id)).toArray(String[]::new));
            firstToken = new Cache<>(id -> {
                String v = dict.value(id);
                int sp = v.indexOf(' ');
                return sp < 0 ? v : v.substring(0, sp);
            });
        }

        @Override
        void prepare() {
            groups.fill(dict.size());
            firstToken.fill(dict.size());
        }

        @Override
        int compareDistinct(int a, int b, String va, String vb) {
            String ta = firstToken.get(a);
            String tb = firstToken.get(b);
            if (ta.equals(tb) && ta.length() > 1) {
                return 1;
            }
            if (ta.length() == 1 || tb.length() == 1) {
                return ta.charAt(0) == tb.charAt(0) ? 4 : 6;
            }
            String[] ga = groups.get(a);
            String[] gb = groups.get(b);
            for (String g : ga) {
                for (String h : gb) {
                    if (g.equals(h)) {
                        return 2;
                    }
                }
            }
            double jw = StringSimilarity.jaroWinkler(ta, tb);
            if (jw >= 0.92 || StringSimilarity.editDistance(ta, tb, 1) <= 1) {
                return 3;
            }
            return jw >= 0.8 ? 5 : 6;
        }
    }

    /** Family names (already accent- and punctuation-free keys): phonetic or one-edit agreement counts as close. */
    static final class LastName extends FieldComparator {
        private static final DoubleMetaphone METAPHONE = new DoubleMetaphone();
        private final Cache<String> phonetic;

        LastName(DedupeRules.ComparisonRule rule, Dictionary dict) {
            super(rule, dict, List.of(MISSING, Level.of("exact", 0.85, 0.005), Level.of("close", 0.08, 0.005),
                    Level.of("similar", 0.03, 0.02), Level.of("different", 0.04, 0.97)));
            phonetic = new Cache<>(id -> phonetic(dict.value(id)));
        }

        static String phonetic(String key) {
            String code = METAPHONE.doubleMetaphone(key);
            return code == null || code.isEmpty() ? key : code;
        }

        @Override
        void prepare() {
            phonetic.fill(dict.size());
        }

        @Override
        int compareDistinct(int a, int b, String va, String vb) {
            if (phonetic.get(a).equals(phonetic.get(b)) || StringSimilarity.editDistance(va, vb, 1) <= 1) {
                return 2;
            }
            // double-barrelled names: "garcia" vs "garcialopez"
            if (Math.min(va.length(), vb.length()) >= 4 && (va.startsWith(vb) || vb.startsWith(va))) {
                return 2;
            }
            double jw = StringSimilarity.jaroWinkler(va, vb);
            if (jw >= 0.92) {
                return 2;
            }
            return jw >= 0.8 ? 3 : 4;
        }
    }

    /**
     * Company names: equal after legal-form removal ("Acme Inc." = "ACME"), close (typo or one name a prefix of the
     * other: "Acme" vs "Acme Widgets"), sharing at least half their words, or different.
     */
    static final class Company extends FieldComparator {
        private final Cache<String> key;
        private final Cache<String[]> tokens;

        Company(DedupeRules.ComparisonRule rule, Dictionary dict) {
            super(rule, dict, List.of(MISSING, Level.of("exact", 0.8, 0.01), Level.of("close", 0.1, 0.005),
                    Level.of("shared-words", 0.05, 0.01), Level.of("different", 0.05, 0.975)));
            key = new Cache<>(id -> {
                String k = FieldNormalizer.companyKey(dict.value(id));
                return k == null ? dict.value(id) : k;
            });
            tokens = new Cache<>(id -> {
                String[] t = dict.value(id).split(" ");
                Arrays.sort(t);
                return t;
            });
        }

        @Override
        void prepare() {
            key.fill(dict.size());
            tokens.fill(dict.size());
        }

        @Override
        int compareDistinct(int a, int b, String va, String vb) {
            String ka = key.get(a);
            String kb = key.get(b);
            if (ka.equals(kb)) {
                return 1;
            }
            if ((Math.min(ka.length(), kb.length()) >= 4 && (ka.startsWith(kb) || kb.startsWith(ka)))
                    || StringSimilarity.jaroWinkler(ka, kb) >= 0.92) {
                return 2;
            }
            String[] ta = tokens.get(a);
            String[] tb = tokens.get(b);
            if (acronym(ka, vb) || acronym(kb, va)) {
                return 2;
            }
            int shared = 0;
            for (int i = 0, j = 0; i < ta.length && j < tb.length; ) {
                int c = ta[i].compareTo(tb[j]);
                if (c == 0) {
                    shared++;
                    i++;
                    j++;
                } else if (c < 0) {
                    i++;
                } else {
                    j++;
                }
            }
            return shared * 2 >= ta.length + tb.length - shared ? 3 : 4;
        }
    }

    /** True when {@code key} is the initials of the other name's words ("ibm" / "international business machines"). */
    private static boolean acronym(String key, String otherName) {
        if (key.length() < 2 || key.length() > 6) {
            return false;
        }
        String[] words = otherName.split(" ");
        if (words.length < key.length()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (words[i].isEmpty() || words[i].charAt(0) != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Generic strings by Jaro-Winkler similarity bands. */
    static final class JaroWinkler extends FieldComparator {
        JaroWinkler(DedupeRules.ComparisonRule rule, Dictionary dict) {
            super(rule, dict, List.of(MISSING, Level.of("exact", 0.85, 0.01), Level.of("jaro-winkler>=0.92", 0.08, 0.01),
                    Level.of("jaro-winkler>=0.80", 0.03, 0.05), Level.of("different", 0.04, 0.93)));
        }

        @Override
        int compareDistinct(int a, int b, String va, String vb) {
            double jw = StringSimilarity.jaroWinkler(va, vb);
            return jw >= 0.92 ? 2 : jw >= 0.8 ? 3 : 4;
        }
    }

    /** Generic strings (codes, dates, ids) by edit distance, transpositions counting as one edit. */
    static final class Levenshtein extends FieldComparator {
        Levenshtein(DedupeRules.ComparisonRule rule, Dictionary dict) {
            super(rule, dict, List.of(MISSING, Level.of("exact", 0.85, 0.01), Level.of("1-edit", 0.08, 0.01),
                    Level.of("2-edits", 0.03, 0.02), Level.of("different", 0.04, 0.96)));
        }

        @Override
        int compareDistinct(int a, int b, String va, String vb) {
            int d = StringSimilarity.editDistance(va, vb, 2);
            return d <= 1 ? 2 : d == 2 ? 3 : 4;
        }
    }
}
