package io.middlemile.bench;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes realistic CRM contact exports with known duplicates, deterministic for a seed.
 *
 * <p>About 30% of people have two to four records spread over three sources (hubspot, salesforce, legacy-csv).
 * Duplicates carry what real CRMs accumulate: nicknames (Bob/Robert, Raj/Rajesh), typos, shouting or lowercase
 * names, a personal instead of a work address, Gmail dot variants, phones in national, dotted or E.164 form,
 * company suffixes ("Acme" / "ACME, Inc." / "Acme Inc"), websites with and without scheme, LinkedIn URL variants,
 * missing fields. Surnames and company sizes are skewed (power-law-like), so "Smith" and big employers are common
 * and blocks are realistically skewed. Column {@code entity_id} is the truth.
 *
 * <p>The traps that make a matcher merge two people, and the true duplicates that look like two people:
 * <ul>
 *   <li>Namesakes (among common surnames, as in life): same first and last name at the same company, a mailbox
 *       in another local-part pattern ({@code julie.bennett@} vs {@code julie_bennett@}, {@code juliebennett@},
 *       {@code jbennett@}, {@code julie.bennett2@}), a direct line in the same block of a hundred, a different
 *       title and LinkedIn profile.</li>
 *   <li>Colleagues of one family: same surname at the same company, another first name, both often listed with
 *       the company's switchboard number (which ends in 00, as main lines do).</li>
 *   <li>Movers: a true duplicate whose later record has a new employer, work address and direct line; the
 *       LinkedIn profile, mobile and personal address stay.</li>
 *   <li>Companies number direct lines in blocks per company; some records carry the switchboard instead.</li>
 * </ul>
 *
 * <p>{@link #twoExports} draws records from a HubSpot and a Salesforce export only, as in a CRM consolidation.
 *
 * <p>Kept under src/test because only benchmarks and tests use it today; it depends on nothing but the JDK and
 * Commons CSV, so a {@code sandbox seed} command can move it to main unchanged.
 */
public final class CrmContactGenerator {

    public static final String[] HEADER = {"record_id", "source", "first_name", "last_name", "email", "phone",
        "company", "website", "linkedin", "title", "country", "created_at", "updated_at", "entity_id"};

    static final String[] SOURCES = {"hubspot", "salesforce", "legacy-csv"};
    static final String[] TWO_EXPORTS = {"hubspot", "salesforce"};

    /** Given names with their common short forms (first entry is the formal name). */
    private static final String[][] NICK = {
        {"Robert", "Bob", "Rob", "Bobby"}, {"William", "Bill", "Will", "Billy"}, {"Richard", "Rick", "Dick", "Rich"},
        {"James", "Jim", "Jimmy"}, {"John", "Johnny", "Jack"}, {"Michael", "Mike", "Mikey"},
        {"Elizabeth", "Liz", "Beth", "Betty"}, {"Katherine", "Kate", "Katie", "Kathy"}, {"Margaret", "Maggie", "Peggy"},
        {"Jennifer", "Jen", "Jenny"}, {"Christopher", "Chris"}, {"Christina", "Chris", "Tina"},
        {"Rajesh", "Raj"}, {"Alexander", "Alex"}, {"Alexandra", "Alex", "Sasha"}, {"Daniel", "Dan", "Danny"},
        {"Thomas", "Tom", "Tommy"}, {"Joseph", "Joe", "Joey"}, {"Charles", "Charlie", "Chuck"},
        {"Anthony", "Tony"}, {"Steven", "Steve"}, {"Matthew", "Matt"}, {"Andrew", "Andy", "Drew"},
        {"Joshua", "Josh"}, {"Nicholas", "Nick"}, {"Jonathan", "Jon"}, {"Benjamin", "Ben"}, {"Samuel", "Sam"},
        {"Patricia", "Pat", "Patty"}, {"Susan", "Sue"}, {"Deborah", "Deb", "Debbie"}, {"Rebecca", "Becky"},
        {"Victoria", "Vicky", "Tori"}, {"Samantha", "Sam"}, {"Jessica", "Jess"}, {"Abigail", "Abby"},
        {"Edward", "Ed", "Eddie", "Ted"}, {"Timothy", "Tim"}, {"Gregory", "Greg"}, {"Kenneth", "Ken"},
        {"Ronald", "Ron"}, {"Donald", "Don"}, {"Lawrence", "Larry"}, {"Frederick", "Fred"}, {"Gerald", "Gerry"},
        {"Theodore", "Ted", "Theo"}, {"Zachary", "Zach"}, {"Nathaniel", "Nate", "Nathan"}, {"Pamela", "Pam"},
        {"Cynthia", "Cindy"}, {"Kimberly", "Kim"}, {"Stephanie", "Steph"}, {"Jacqueline", "Jackie"},
        {"Francisco", "Paco"}, {"Guillermo", "Memo"}, {"Johannes", "Hans"}, {"Giuseppe", "Beppe"},
        {"Aleksandr", "Sasha"}, {"Venkatesh", "Venky"}, {"Suresh", "Suri"}};

    private static final String[] PLAIN_FIRST = {"Anna", "Maria", "Laura", "Sarah", "Emma", "Olivia", "Sophia",
        "Mia", "Chloe", "Grace", "Lucas", "Noah", "Liam", "Ethan", "Mason", "Logan", "Aiden", "Carlos", "Diego",
        "Lucia", "Sofia", "Mateo", "Priya", "Ananya", "Arjun", "Rohan", "Wei", "Jing", "Hiroshi", "Yuki", "Kenji",
        "Fatima", "Omar", "Ahmed", "Layla", "Noor", "Ivan", "Olga", "Dmitri", "Katya", "Lars", "Ingrid", "Sven",
        "Astrid", "Pierre", "Claire", "Amelie", "Hugo", "Jonas", "Lena", "Felix", "Clara", "Marco", "Giulia",
        "Luca", "Chiara", "Kwame", "Amara", "Chen", "Mei", "Ravi", "Deepa", "Tariq", "Zara", "Brandon", "Tyler",
        "Kayla", "Megan", "Brittany", "Heather", "Dustin", "Travis", "Derek", "Shane", "Erin", "Holly", "Seth"};

    private static final String[] COMMON_LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia",
        "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas",
        "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
        "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen",
        "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter",
        "Roberts", "Kumar", "Patel", "Singh", "Sharma", "Müller", "Schmidt", "Schneider", "Fischer", "O'Brien",
        "McDonald", "van der Berg", "De Luca", "Rossi", "Dubois", "Kowalski", "Novak", "Ivanov", "Tanaka", "Suzuki",
        "Wang", "Li", "Zhang", "Chen", "Liu", "Kim", "Park", "Cohen", "Levi", "Haddad", "Okafor", "Mensah"};

    private static final String[] SYLLABLES = {"bar", "ber", "cal", "dan", "del", "fen", "gar", "har", "hol",
        "kan", "kel", "lan", "lor", "mar", "mel", "nor", "pen", "ral", "ros", "sal", "ston", "ton", "vel", "wick",
        "wood", "ley", "ford", "by", "son", "man", "sky", "ova", "ini", "etti", "ard", "ell", "ott", "ing"};

    private static final String[] COMPANY_WORDS = {"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne",
        "Hooli", "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Aperture", "Oscorp", "Wonka", "Gringotts",
        "Blue", "Red", "Green", "North", "South", "Pacific", "Atlantic", "Summit", "Pioneer", "Vertex", "Nimbus",
        "Quantum", "Apex", "Orbit", "Harbor", "Cedar", "Maple", "Falcon", "Eagle", "Granite", "Silver", "Golden",
        "Bright", "Swift", "Prime", "Nova", "Zenith", "Polar", "Solar", "Lunar", "River", "Stone", "Iron", "Crystal"};

    private static final String[] COMPANY_KINDS = {"Systems", "Labs", "Software", "Analytics", "Logistics",
        "Health", "Capital", "Partners", "Media", "Energy", "Robotics", "Foods", "Networks", "Consulting",
        "Dynamics", "Solutions", "Industries", "Holdings", "Ventures", "Technologies"};

    private static final String[][] SUFFIX_FORMS = {{"", " Inc.", " Inc", ", Inc.", " INC"},
        {"", " LLC", ", LLC", " L.L.C."}, {"", " Ltd", " Ltd.", " Limited"}, {"", " GmbH", " gmbh"},
        {"", " Corp.", " Corporation", " Corp"}};

    private static final String[] TITLES = {"Account Executive", "VP Sales", "Head of Marketing", "Software Engineer",
        "CTO", "CEO", "Sales Manager", "Marketing Manager", "Director of Operations", "Product Manager",
        "Customer Success Manager", "RevOps Lead", "Data Analyst", "CFO", "Office Manager"};

    private static final String[] FREE_MAIL = {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com"};
    private static final int[] US_AREA = {212, 415, 646, 312, 617, 206, 303, 512, 404, 305, 213, 718, 202, 503, 612};

    /** Local-part patterns companies use; namesakes get a pattern other than their colleague's. */
    private static final int PATTERNS = 6;

    private final long seed;
    private final int companies;
    private final String[] sources;
    /** Work mailboxes and direct lines handed out so far: a company never gives two people one of either. */
    private final java.util.Set<String> mailboxes = new java.util.HashSet<>();
    private final java.util.Set<String> lines = new java.util.HashSet<>();

    public CrmContactGenerator(long seed, int expectedRecords) {
        this(seed, expectedRecords, SOURCES);
    }

    private CrmContactGenerator(long seed, int expectedRecords, String[] sources) {
        this.seed = seed;
        this.companies = Math.max(50, expectedRecords / 40);
        this.sources = sources;
    }

    /** A generator whose records come from two exports, {@code hubspot} and {@code salesforce}. */
    public static CrmContactGenerator twoExports(long seed, int expectedRecords) {
        return new CrmContactGenerator(seed, expectedRecords, TWO_EXPORTS);
    }

    /** One generated contact row; {@code entityId} is the truth. */
    public record Row(String recordId, String source, String firstName, String lastName, String email, String phone,
                      String company, String website, String linkedin, String title, String country,
                      String createdAt, String updatedAt, String entityId) {
        Object[] values() {
            return new Object[] {recordId, source, firstName, lastName, email, phone, company, website, linkedin,
                title, country, createdAt, updatedAt, entityId};
        }
    }

    /** A person as the world knows them, before any CRM mangles the record. */
    private record Person(long id, int nameGroup, int nameIndex, String first, String last, int company,
                          String workEmail, String personalEmail, String phone, String mobile, String country,
                          String linkedin, String title, int pattern, Person movedTo) {
        Person movingTo(Person next) {
            return new Person(id, nameGroup, nameIndex, first, last, company, workEmail, personalEmail, phone, mobile,
                    country, linkedin, title, pattern, next);
        }
    }

    /** Generates about {@code records} rows (exactly that many) and writes them as CSV. */
    public void write(Path file, int records) throws IOException {
        write(file, records, row -> { });
    }

    /** As {@link #write(Path, int)}, also handing every row to {@code tap} (e.g. to keep a sample). */
    public void write(Path file, int records, java.util.function.Consumer<Row> tap) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
            printer.printRecord((Object[]) HEADER);
            generate(records, row -> {
                tap.accept(row);
                try {
                    printer.printRecord(row.values());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    /** Streams exactly {@code records} rows to {@code sink}. */
    public void generate(int records, java.util.function.Consumer<Row> sink) {
        mailboxes.clear();
        lines.clear();
        SplittableRandom random = new SplittableRandom(seed);
        int written = 0;
        long entity = 0;
        Person namesakeOf = null;
        Person relativeOf = null;
        while (written < records) {
            Person person = namesakeOf != null ? namesake(random, entity++, namesakeOf)
                    : relativeOf != null ? relative(random, entity++, relativeOf) : person(random, entity++);
            // namesakes happen to common names: two Maria Garcias at one employer, not two Kelovawicks
            namesakeOf = isCommon(person.last) && random.nextDouble() < 0.03 ? person : null;
            relativeOf = namesakeOf == null && random.nextDouble() < 0.01 ? person : null;
            int copies = copies(random);
            if (copies > 1 && random.nextDouble() < 0.03) {
                person = person.movingTo(moved(random, person));
            }
            for (int c = 0; c < copies && written < records; c++) {
                // a mover's later records come from the CRM that saw the new job
                Person as = person.movedTo != null && c > 0 && random.nextBoolean() ? person.movedTo : person;
                sink.accept(record(random, as, c, written));
                written++;
            }
        }
    }

    private static boolean isCommon(String lastName) {
        for (String common : COMMON_LAST) {
            if (common.equals(lastName)) {
                return true;
            }
        }
        return false;
    }

    private static int copies(SplittableRandom random) {
        double x = random.nextDouble();
        return x < 0.70 ? 1 : x < 0.88 ? 2 : x < 0.96 ? 3 : 4;
    }

    private Person person(SplittableRandom random, long id) {
        int group;
        int index;
        String first;
        if (random.nextDouble() < 0.55) {
            group = random.nextInt(NICK.length);
            index = 0;
            first = NICK[group][0];
        } else {
            group = -1;
            index = random.nextInt(PLAIN_FIRST.length);
            first = PLAIN_FIRST[index];
        }
        String last = lastName(random);
        int company = skewed(random, companies, 2.0);
        String country = country(random);
        String slug = slug(first) + "-" + slug(last) + "-" + Long.toString(id * 7919 % 1_000_003, 36);
        // most companies use first.last or flast
        int pattern = random.nextBoolean() ? 0 : 1;
        String work = mailbox(first, last, pattern, company);
        // personal mailboxes are unique too: the number stands for whatever made the address available
        String personal = slug(first) + "." + slug(last) + id + "@" + FREE_MAIL[random.nextInt(FREE_MAIL.length)];
        return new Person(id, group, index, first, last, company, work, personal,
                directLine(random, company, country, null), random.nextDouble() < 0.4 ? phone(random, country) : null,
                country, slug, TITLES[random.nextInt(TITLES.length)], pattern, null);
    }

    /** A work address in one of the local-part patterns, unique at the company. */
    private String mailbox(String first, String last, int pattern, int company) {
        String f = slug(first);
        String l = slug(last);
        String local = switch (pattern) {
            case 0 -> f + "." + l;
            case 1 -> f.charAt(0) + l;
            case 2 -> f + "_" + l;
            case 3 -> f + l;
            case 4 -> f.charAt(0) + "." + l;
            default -> f + "." + l + "2";
        };
        String work = local + "@" + domain(company);
        for (int k = 2; !mailboxes.add(work); k++) {
            work = local + k + "@" + domain(company);
        }
        return work;
    }

    /**
     * A direct line: the company's prefix, a block of a hundred and a line in it; never the switchboard (xx00).
     * With {@code neighbour}, a line in the neighbour's block (desks of one team).
     */
    private String directLine(SplittableRandom random, int company, String country, String neighbour) {
        String line;
        do {
            String block = neighbour != null ? neighbour.substring(0, neighbour.length() - 2)
                    : companyPrefix(company, country) + digits(random, 2);
            line = block + (char) ('0' + random.nextInt(10)) + (char) ('1' + random.nextInt(9));
        } while (!lines.add(line));
        return line;
    }

    /** The company's number prefix (all but a line's last four digits), fixed per company. */
    private static String companyPrefix(int company, String country) {
        SplittableRandom r = new SplittableRandom(company * 31L + country.hashCode());
        String full = phone(r, country);
        return full.substring(0, full.length() - 4);
    }

    private static String switchboard(int company, String country) {
        return companyPrefix(company, country) + "1000";
    }

    /** A different person with the same name at the same company: another mailbox pattern, desk and title. */
    private Person namesake(SplittableRandom random, long id, Person other) {
        int pattern = (other.pattern + 1 + random.nextInt(PATTERNS - 1)) % PATTERNS;
        String title;
        do {
            title = TITLES[random.nextInt(TITLES.length)];
        } while (title.equals(other.title));
        return new Person(id, other.nameGroup, other.nameIndex, other.first, other.last, other.company,
                mailbox(other.first, other.last, pattern, other.company),
                slug(other.first) + slug(other.last) + id + "@gmail.com",
                directLine(random, other.company, other.country, other.phone), null, other.country,
                slug(other.first) + "-" + slug(other.last) + "-" + Long.toString(id * 104729 % 1_000_003, 36),
                title, pattern, null);
    }

    /** A colleague of the same family: same surname and company, another first name, often on the switchboard. */
    private Person relative(SplittableRandom random, long id, Person other) {
        Person p = person(random, id);
        String first = p.first;
        int group = p.nameGroup;
        int index = p.nameIndex;
        if (first.equals(other.first) || (group >= 0 && group == other.nameGroup)) {
            group = -1;
            index = (other.nameIndex + 1 + random.nextInt(PLAIN_FIRST.length - 1)) % PLAIN_FIRST.length;
            first = PLAIN_FIRST[index];
        }
        return new Person(id, group, index, first, other.last, other.company,
                mailbox(first, other.last, other.pattern, other.company), p.personalEmail,
                switchboard(other.company, other.country), p.mobile, other.country,
                slug(first) + "-" + slug(other.last) + "-" + Long.toString(id * 7919 % 1_000_003, 36), p.title,
                other.pattern, null);
    }

    /** The same person at a new employer: new work address, direct line and often title; the rest stays. */
    private Person moved(SplittableRandom random, Person p) {
        int company = skewed(random, companies, 2.0);
        if (company == p.company) {
            company = (company + 1) % companies;
        }
        return new Person(p.id, p.nameGroup, p.nameIndex, p.first, p.last, company,
                mailbox(p.first, p.last, p.pattern, company), p.personalEmail,
                directLine(random, company, p.country, null), p.mobile, p.country, p.linkedin,
                random.nextBoolean() ? p.title : TITLES[random.nextInt(TITLES.length)], p.pattern, null);
    }

    private Row record(SplittableRandom random, Person p, int copy, int row) {
        boolean dirty = copy > 0;
        String source = sources[random.nextInt(sources.length)];
        String first = p.first;
        if (dirty && p.nameGroup >= 0 && NICK[p.nameGroup].length > 1 && random.nextDouble() < 0.3) {
            first = NICK[p.nameGroup][1 + random.nextInt(NICK[p.nameGroup].length - 1)];
        }
        if (dirty && random.nextDouble() < 0.04) {
            first = typo(random, first);
        }
        if (dirty && random.nextDouble() < 0.02) {
            first = first.charAt(0) + ".";
        }
        String last = p.last;
        if (dirty && random.nextDouble() < 0.06) {
            last = typo(random, last);
        }
        first = caseNoise(random, first, dirty);
        last = caseNoise(random, last, dirty);
        if (dirty && random.nextDouble() < 0.03) {
            first = null;
        }
        String email = p.workEmail;
        double e = random.nextDouble();
        if (e < 0.2) {
            email = p.personalEmail;
        } else if (e < 0.32) {
            email = null;
        }
        if (email != null && dirty && random.nextDouble() < 0.08) {
            email = email.toUpperCase(Locale.ROOT);
        }
        if (email != null && dirty && email.endsWith("@gmail.com") && random.nextDouble() < 0.3) {
            email = email.replaceFirst("\\.", "");
        }
        String phone = random.nextDouble() < 0.3 ? null
                : p.mobile != null && random.nextDouble() < 0.3 ? p.mobile
                : random.nextDouble() < 0.1 ? switchboard(p.company, p.country) : p.phone;
        if (phone != null) {
            phone = formatPhone(random, phone, p.country);
        }
        String company = random.nextDouble() < 0.1 ? null : companyName(random, p.company, dirty);
        String website = random.nextDouble() < 0.35 ? null : website(random, p.company);
        String linkedin = random.nextDouble() < 0.6 ? null : linkedin(random, p.linkedin);
        String title = random.nextDouble() < 0.2 ? null : p.title;
        long created = 1_500_000_000L + (long) (random.nextDouble() * 200_000_000L);
        long updated = created + (long) (random.nextDouble() * 50_000_000L);
        return new Row(source.substring(0, 2) + "-" + row, source, first, last, email, phone, company, website,
                linkedin, title, random.nextDouble() < 0.15 ? null : p.country, Instant.ofEpochSecond(created).toString(),
                Instant.ofEpochSecond(updated).toString(), Long.toString(p.id));
    }

    private static String caseNoise(SplittableRandom random, String s, boolean dirty) {
        if (s == null || !dirty) {
            return s;
        }
        double x = random.nextDouble();
        return x < 0.08 ? s.toUpperCase(Locale.ROOT) : x < 0.16 ? s.toLowerCase(Locale.ROOT) : s;
    }

    private static String typo(SplittableRandom random, String s) {
        if (s.length() < 4) {
            return s;
        }
        char[] c = s.toCharArray();
        int i = 1 + random.nextInt(c.length - 2);
        switch (random.nextInt(3)) {
            case 0 -> {
                char t = c[i];
                c[i] = c[i + 1];
                c[i + 1] = t;
                return new String(c);
            }
            case 1 -> {
                return s.substring(0, i) + s.substring(i + 1);
            }
            default -> {
                c[i] = (char) ('a' + random.nextInt(26));
                return new String(c);
            }
        }
    }

    private static String lastName(SplittableRandom random) {
        if (random.nextDouble() < 0.45) {
            return COMMON_LAST[skewed(random, COMMON_LAST.length, 1.5)];
        }
        // the long tail: synthetic surnames, 38^3 of them, themselves skewed
        int n = skewed(random, SYLLABLES.length * SYLLABLES.length * SYLLABLES.length, 2.0);
        String s = SYLLABLES[n % SYLLABLES.length] + SYLLABLES[(n / SYLLABLES.length) % SYLLABLES.length]
                + (n >= SYLLABLES.length * SYLLABLES.length ? SYLLABLES[n / (SYLLABLES.length * SYLLABLES.length)] : "");
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Index in [0, n) skewed toward 0: the top value has probability n^(-1/power) (Smith about 2% of people). */
    private static int skewed(SplittableRandom random, int n, double power) {
        return (int) Math.min(n - 1, Math.floor(n * Math.pow(random.nextDouble(), power)));
    }

    private static String country(SplittableRandom random) {
        double x = random.nextDouble();
        return x < 0.7 ? "US" : x < 0.9 ? "GB" : "DE";
    }

    private static String phone(SplittableRandom random, String country) {
        return switch (country) {
            case "GB" -> "+4420" + (3 + random.nextInt(2)) + digits(random, 7);
            case "DE" -> "+4930" + (2 + random.nextInt(7)) + digits(random, 7);
            default -> "+1" + US_AREA[random.nextInt(US_AREA.length)] + (2 + random.nextInt(8)) + digits(random, 6);
        };
    }

    private static String digits(SplittableRandom random, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    private static String formatPhone(SplittableRandom random, String e164, String country) {
        int style = random.nextInt(4);
        if (style == 0) {
            return e164;
        }
        if (country.equals("US")) {
            String n = e164.substring(2);
            return switch (style) {
                case 1 -> "(" + n.substring(0, 3) + ") " + n.substring(3, 6) + "-" + n.substring(6);
                case 2 -> n.substring(0, 3) + "." + n.substring(3, 6) + "." + n.substring(6);
                default -> "+1 " + n.substring(0, 3) + "-" + n.substring(3, 6) + "-" + n.substring(6);
            };
        }
        String cc = e164.substring(1, 3);
        String national = e164.substring(3);
        return switch (style) {
            case 1 -> "0" + national.substring(0, 2) + " " + national.substring(2);
            case 2 -> "+" + cc + " " + national.substring(0, 2) + " " + national.substring(2);
            default -> "00" + cc + national;
        };
    }

    private String companyBase(int company) {
        int w = company % COMPANY_WORDS.length;
        int k = (company / COMPANY_WORDS.length) % COMPANY_KINDS.length;
        int n = company / (COMPANY_WORDS.length * COMPANY_KINDS.length);
        return COMPANY_WORDS[w] + " " + COMPANY_KINDS[k] + (n == 0 ? "" : " " + (n + 1));
    }

    private String domain(int company) {
        return companyBase(company).toLowerCase(Locale.ROOT).replace(" ", "") + ".com";
    }

    private String companyName(SplittableRandom random, int company, boolean dirty) {
        String[] forms = SUFFIX_FORMS[company % SUFFIX_FORMS.length];
        String base = companyBase(company);
        String name = base + forms[dirty ? random.nextInt(forms.length) : 1 % forms.length];
        if (dirty && random.nextDouble() < 0.1) {
            name = name.toUpperCase(Locale.ROOT);
        }
        return name;
    }

    private String website(SplittableRandom random, int company) {
        String d = domain(company);
        return switch (random.nextInt(4)) {
            case 0 -> d;
            case 1 -> "www." + d;
            case 2 -> "https://www." + d + "/";
            default -> "http://" + d;
        };
    }

    private static String linkedin(SplittableRandom random, String slug) {
        return switch (random.nextInt(3)) {
            case 0 -> "https://www.linkedin.com/in/" + slug;
            case 1 -> "linkedin.com/in/" + slug + "/";
            default -> "https://uk.linkedin.com/in/" + slug + "?trk=profile";
        };
    }

    private static String slug(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
