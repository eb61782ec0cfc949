package io.middlemile.dedupe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fellegi–Sunter scoring: each comparison level has m = P(level | same entity) and u = P(level | different
 * entities); a pair's match weight is log2(prior odds) + Σ log2(m/u) over its comparisons, and its match probability
 * is 2^w / (1 + 2^w). Missing values weigh 0. With term frequencies on, an exact agreement weighs log2(m / tf(value)),
 * so two records sharing a rare surname gain more than two sharing "Smith". Negative levels never weigh above 0 and
 * exact agreement never weighs below 0, whatever the estimate says.
 *
 * <p>Levels of a pair are packed 4 bits per comparison into one long ("pattern"), which is what EM counts.
 * Thread-safe for scoring once built; weights are replaced only by {@link #setParameters}.
 */
public final class MatchModel {

    private static final double MIN_PROB = 1e-6;
    /**
     * Floor of u: far below {@link #MIN_PROB} because u of agreeing on a nearly unique value (an email, a domain)
     * counted over all pairs is about one in the number of pairs, 1e-10 and less for a million records.
     */
    private static final double MIN_U = 1e-13;
    /**
     * Most a rare value may add over the field's average exact-agreement weight, in bits. Rarity is real evidence,
     * but it assumes people are named independently; namesakes cluster (families, one company's colleagues) and
     * rare values include typos, so an unbounded bonus lets a rare surname outvote real contrary evidence.
     */
    static final double MAX_TERM_FREQUENCY_BONUS = 3.0;
    /** Term frequencies are used only when the field has at least this many values. */
    static final int MIN_TERM_FREQUENCY_VALUES = 1000;

    private final MatchRecords records;
    private final FieldComparator[] comparators;
    private final int[][] columns;
    private final boolean[] termFrequency;
    /** Comparisons of method first-name and last-name on firstName/lastName, for swapped-name detection; -1 if none. */
    private final int firstName;
    private final int lastName;
    /** Comparison of method phone, for the shared-line rule; -1 if none. */
    private final int phone;
    /**
     * Comparisons of a person's identifiers that follow them to a new employer (method email, linkedin) and of what
     * a move changes (company-name, email); -1 if none. Only for people: a company's LinkedIn page is no such thing.
     */
    private final int email;
    private final int linkedin;
    private final int company;
    private static final int FIRST_NAME_DIFFERENT_FROM = 5; // levels "similar" and "different" of first-name
    private static final int LAST_NAME_DIFFERENT_FROM = 3;  // levels "similar" and "different" of last-name
    private final double[][] m;
    private final double[][] u;
    private final double[][] weights;
    private double prior;
    private double priorWeight;
    /**
     * The explanations' lines, one instance each: at a million contacts a plan holds a quarter of a million pairs'
     * explanations from the scoring to the save, and a label, a level name and a line made afresh for each were about a
     * hundred megabytes the collectors copied there. Weights are rounded to hundredths, so the lines are a few
     * thousand at most, also for a match index answering for months.
     */
    private final String[] labels;
    private final String[] termFrequencyNames;
    private final Map<Contribution, Contribution> lines = new ConcurrentHashMap<>();

    MatchModel(DedupeRules rules, MatchRecords records) {
        this.records = records;
        int n = rules.comparisons().size();
        comparators = new FieldComparator[n];
        columns = new int[n][];
        termFrequency = new boolean[n];
        m = new double[n][];
        u = new double[n][];
        weights = new double[n][];
        labels = new String[n];
        termFrequencyNames = new String[n];
        for (int i = 0; i < n; i++) {
            DedupeRules.ComparisonRule rule = rules.comparisons().get(i);
            labels[i] = rule.label();
            comparators[i] = Comparators.create(rule, records);
            comparators[i].prepare();
            termFrequency[i] = rule.termFrequency();
            List<FieldComparator.Level> levels = comparators[i].levels();
            termFrequencyNames[i] = levels.size() > 1 ? levels.get(1).name() + " (term frequency)" : null;
            m[i] = new double[levels.size()];
            u[i] = new double[levels.size()];
            for (int l = 0; l < levels.size(); l++) {
                FieldComparator.Level level = levels.get(l);
                m[i][l] = rule.m().getOrDefault(level.name(), level.m());
                u[i][l] = rule.u().getOrDefault(level.name(), level.u());
            }
        }
        int first = -1;
        int last = -1;
        int tel = -1;
        int mail = -1;
        int profile = -1;
        int employer = -1;
        boolean person = rules.entity() == io.middlemile.model.Entity.PERSON;
        for (int i = 0; i < n; i++) {
            DedupeRules.ComparisonRule rule = rules.comparisons().get(i);
            if (rule.method().equals("first-name") && rule.field().equals("firstName")) {
                first = i;
            } else if (rule.method().equals("last-name") && rule.field().equals("lastName")) {
                last = i;
            } else if (rule.method().equals("phone") && tel < 0) {
                tel = i;
            } else if (person && rule.method().equals("email") && mail < 0) {
                mail = i;
            } else if (person && rule.method().equals("linkedin") && profile < 0) {
                profile = i;
            } else if (person && rule.method().equals("company-name") && employer < 0) {
                employer = i;
            }
        }
        email = mail;
        linkedin = profile;
        company = employer;
        firstName = first;
        lastName = last;
        phone = tel;
        setParameters(m, u, rules.prior());
    }

    /** Refreshes the column arrays after the record store grew (incremental adds reallocate them). */
    void refreshColumns() {
        for (int i = 0; i < comparators.length; i++) {
            columns[i] = records.column(records.fieldIndex(comparators[i].rule().field()));
        }
    }

    /** Installs new m/u tables and prior, recomputing the level weights with the guard rails. */
    synchronized void setParameters(double[][] newM, double[][] newU, double newPrior) {
        for (int i = 0; i < comparators.length; i++) {
            List<FieldComparator.Level> levels = comparators[i].levels();
            weights[i] = new double[levels.size()];
            for (int l = 1; l < levels.size(); l++) {
                m[i][l] = Math.max(MIN_PROB, newM[i][l]);
                u[i][l] = Math.max(MIN_U, newU[i][l]);
                double w = log2(m[i][l] / u[i][l]);
                if (levels.get(l).negative()) {
                    w = Math.min(0, w);
                } else if (l == 1) {
                    w = Math.max(0, w);
                }
                weights[i][l] = w;
            }
        }
        prior = Math.min(1 - MIN_PROB, Math.max(MIN_PROB, newPrior));
        priorWeight = log2(prior / (1 - prior));
        refreshColumns();
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    int comparisons() {
        return comparators.length;
    }

    boolean termFrequency(int i) {
        return termFrequency[i];
    }

    FieldComparator comparator(int i) {
        return comparators[i];
    }

    double[][] m() {
        return m;
    }

    double[][] u() {
        return u;
    }

    double prior() {
        return prior;
    }

    /** Comparison levels of rows a and b, 4 bits per comparison, after the rules that read levels together. */
    long pattern(int a, int b) {
        long p = levels(a, b);
        if (firstName >= 0 && lastName >= 0 && level(p, firstName) >= FIRST_NAME_DIFFERENT_FROM
                && level(p, lastName) >= LAST_NAME_DIFFERENT_FROM && swapped(a, b)) {
            // "Smith, John" typed into the wrong fields: both names agree crosswise
            p = withLevel(withLevel(p, firstName, 1), lastName, 1);
        }
        if (phone >= 0 && firstName >= 0 && level(p, phone) == 1 && level(p, firstName) >= FIRST_NAME_DIFFERENT_FROM) {
            // two people with different given names on one number: a switchboard or a shared desk, not a direct
            // line (colleagues, often of one family, at a small company where no number is on many records)
            p = withLevel(p, phone, SHARED_PHONE_LEVEL);
        }
        if (followsThePerson(p, a, b) != null) {
            // one person who changed employer: the LinkedIn profile, personal address or own number stayed, the
            // employer and work address changed. Those differences are what a move looks like, not evidence of two
            // people, so they are not counted (conflicts, e.g. two mailboxes at one domain, still are)
            if (company >= 0 && level(p, company) >= 2) {
                p = withLevel(p, company, 0);
            }
            if (email >= 0 && (level(p, email) == EMAIL_SAME_LOCAL_PART || level(p, email) == EMAIL_DIFFERENT)) {
                p = withLevel(p, email, 0);
            }
        }
        return p;
    }

    /** Levels of each comparison on its own. */
    private long levels(int a, int b) {
        long p = 0;
        for (int i = 0; i < comparators.length; i++) {
            int[] col = columns[i];
            p |= (long) comparators[i].compare(col[a], col[b]) << (4 * i);
        }
        return p;
    }

    private static long withLevel(long pattern, int comparison, int level) {
        return (pattern & ~(0xFL << (4 * comparison))) | ((long) level << (4 * comparison));
    }

    private static final int EMAIL_SAME_LOCAL_PART = 3; // levels of the email method
    private static final int EMAIL_DIFFERENT = 5;

    /**
     * Which identifier that stays with a person across employers the two records agree on exactly (not a value
     * many records share): the LinkedIn profile, a personal (free-mail) address, or a phone number that is not a
     * company's main line (a mobile, or a direct line kept). Null when none does.
     */
    private String followsThePerson(long p, int a, int b) {
        if (linkedin >= 0 && level(p, linkedin) == 1) {
            return "the LinkedIn profile agrees";
        }
        if (email >= 0 && level(p, email) == 1
                && comparators[email] instanceof EmailComparator mail && mail.freeMail(columns[email][a])) {
            return "the personal address agrees";
        }
        if (phone >= 0 && level(p, phone) == 1 && !comparators[phone].dict.value(columns[phone][a]).endsWith("00")) {
            return "the phone number agrees";
        }
        return null;
    }

    private static final int SHARED_PHONE_LEVEL = 4; // "exact-but-shared-by-many" of phone

    private boolean swapped(int a, int b) {
        Dictionary first = comparators[firstName].dict;
        Dictionary last = comparators[lastName].dict;
        String fa = first.value(columns[firstName][a]);
        String fb = first.value(columns[firstName][b]);
        String la = last.value(columns[lastName][a]);
        String lb = last.value(columns[lastName][b]);
        if (fa == null || fb == null || la == null || lb == null) {
            return false;
        }
        return fa.replace(" ", "").equals(lb) && fb.replace(" ", "").equals(la);
    }

    /**
     * True when some comparison of the pattern reached a level that is evidence against a match: conflicting
     * identifiers (two mailboxes at one company, two direct lines, two LinkedIn pages). Such a pair is never
     * merged without a person, whatever its name and company add up to.
     */
    boolean hasNegative(long pattern) {
        for (int i = 0; i < comparators.length; i++) {
            if (comparators[i].levels().get(level(pattern, i)).negative()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The conflicting identifiers of a pair, one sentence each for the person reviewing it ("two different
     * mailboxes at acme.com: julie.bennett@ and julie_bennett@"); empty when nothing conflicts.
     */
    List<String> conflicts(int a, int b) {
        long pattern = pattern(a, b);
        List<String> out = new ArrayList<>(1);
        for (int i = 0; i < comparators.length; i++) {
            if (comparators[i].levels().get(level(pattern, i)).negative()) {
                Dictionary dict = comparators[i].dict;
                out.add(comparators[i].conflict(dict.value(columns[i][a]), dict.value(columns[i][b])));
            }
        }
        return out;
    }

    static int level(long pattern, int comparison) {
        return (int) (pattern >>> (4 * comparison)) & 0xF;
    }

    /** Match weight (log2 odds) of rows a and b given their pattern, with term-frequency adjustment. */
    double weight(long pattern, int a, int b) {
        double w = priorWeight;
        for (int i = 0; i < comparators.length; i++) {
            int level = level(pattern, i);
            if (level == 0) {
                continue;
            }
            w += level == 1 && termFrequency[i] ? tfWeight(i, columns[i][a], columns[i][b]) : weights[i][level];
        }
        return w;
    }

    double weight(int a, int b) {
        return weight(pattern(a, b), a, b);
    }

    private double tfWeight(int i, int idA, int idB) {
        Dictionary dict = comparators[i].dict;
        long total = dict.total();
        if (idA != idB || total < MIN_TERM_FREQUENCY_VALUES) {
            return weights[i][1]; // a handful of values says nothing about how common a name is
        }
        // u of agreeing on this very value: how likely a random record carries it
        double tf = Math.max((double) dict.count(idA) / total, 1.0 / total);
        return Math.min(Math.max(0, log2(m[i][1] / tf)), weights[i][1] + MAX_TERM_FREQUENCY_BONUS);
    }

    static double probability(double weight) {
        double odds = Math.pow(2, weight);
        return Double.isInfinite(odds) ? 1.0 : odds / (1 + odds);
    }

    /** Match weight for a probability threshold, for comparing weights instead of probabilities in hot loops. */
    static double weightFor(double probability) {
        double p = Math.min(1 - 1e-12, Math.max(1e-12, probability));
        return log2(p / (1 - p));
    }

    /** Why rows a and b score what they score: one entry per comparison, plus the prior. */
    List<Contribution> explain(int a, int b) {
        long pattern = pattern(a, b);
        long own = levels(a, b);
        String moved = followsThePerson(pattern, a, b);
        Contribution[] out = new Contribution[comparators.length + 1];
        out[0] = line("prior", "any two records", round(priorWeight));
        for (int i = 0; i < comparators.length; i++) {
            int level = level(pattern, i);
            double w = level == 0 ? 0 : level == 1 && termFrequency[i]
                    ? tfWeight(i, columns[i][a], columns[i][b]) : weights[i][level];
            String name = comparators[i].levels().get(level).name();
            if (level == 1 && termFrequency[i]) {
                name = termFrequencyNames[i];
            } else if (level == 0 && level(own, i) != 0 && moved != null) {
                name = comparators[i].levels().get(level(own, i)).name() + " (not counted: " + moved
                        + ", a change of employer)";
            }
            out[i + 1] = line(labels[i], name, round(w));
        }
        return List.of(out);
    }

    private Contribution line(String comparison, String level, double weight) {
        Contribution line = new Contribution(comparison, level, weight);
        Contribution known = lines.putIfAbsent(line, line);
        return known != null ? known : line;
    }

    private static double round(double w) {
        return Math.round(w * 100) / 100.0;
    }

    /** Human-readable weight table for logs: comparison, level, m, u, weight. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "prior match probability of two random records: %.3g (weight %.2f)%n",
                prior, priorWeight));
        for (int i = 0; i < comparators.length; i++) {
            List<FieldComparator.Level> levels = comparators[i].levels();
            b.append(comparators[i].rule().label()).append(termFrequency[i] ? " [term frequency]" : "").append('\n');
            for (int l = 1; l < levels.size(); l++) {
                b.append(String.format(Locale.ROOT, "  %-28s m=%.4f u=%.6f weight=%+.2f%n", levels.get(l).name(),
                        m[i][l], u[i][l], weights[i][l]));
            }
        }
        return b.toString();
    }
}
