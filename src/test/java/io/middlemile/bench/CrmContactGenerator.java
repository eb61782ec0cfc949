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
 * missing fields. About 1% of people are namesakes of a colleague: same first and last name at the same company,
 * different mailbox, phone and LinkedIn (namesakes are drawn among common surnames, as in life). Surnames and company sizes are skewed (power-law-like), so "Smith" and
 * big employers are common and blocks are realistically skewed. Column {@code entity_id} is the truth.
 *
 * <p>Kept under src/test because only benchmarks and tests use it today; it depends on nothing but the JDK and
 * Commons CSV, so a {@code sandbox seed} command can move it to main unchanged.
 */
public final class CrmContactGenerator {

    public static final String[] HEADER = {"record_id", "source", "first_name", "last_name", "email", "phone",
        "company", "website", "linkedin", "title", "country", "created_at", "updated_at", "entity_id"};

    static final String[] SOURCES = {"hubspot", "salesforce", "legacy-csv"};

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

    private final long seed;
    private final int companies;
    /** Work mailboxes handed out so far: a company never gives two people one address. */
    private final java.util.Set<String> mailboxes = new java.util.HashSet<>();

    public CrmContactGenerator(long seed, int expectedRecords) {
        this.seed = seed;
        this.companies = Math.max(50, expectedRecords / 40);
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
                          String linkedin, String title) {
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
        SplittableRandom random = new SplittableRandom(seed);
        int written = 0;
        long entity = 0;
        Person namesakeOf = null;
        while (written < records) {
            Person person = namesakeOf != null ? namesake(random, entity++, namesakeOf) : person(random, entity++);
            // namesakes happen to common names: two Maria Garcias at one employer, not two Kelovawicks
            namesakeOf = isCommon(person.last) && random.nextDouble() < 0.02 ? person : null;
            int copies = copies(random);
            for (int c = 0; c < copies && written < records; c++) {
                sink.accept(record(random, person, c, written));
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
        String local = random.nextBoolean() ? slug(first) + "." + slug(last) : slug(first).charAt(0) + slug(last);
        String work = local + "@" + domain(company);
        for (int k = 2; !mailboxes.add(work); k++) {
            work = local + k + "@" + domain(company);
        }
        // personal mailboxes are unique too: the number stands for whatever made the address available
        String personal = slug(first) + "." + slug(last) + id + "@" + FREE_MAIL[random.nextInt(FREE_MAIL.length)];
        return new Person(id, group, index, first, last, company, work, personal, phone(random, country),
                random.nextDouble() < 0.4 ? phone(random, country) : null, country, slug,
                TITLES[random.nextInt(TITLES.length)]);
    }

    /** A different person with the same name at the same company. */
    private Person namesake(SplittableRandom random, long id, Person other) {
        String local = slug(other.first) + "." + slug(other.last);
        String work = local + "@" + domain(other.company);
        for (int k = 2; !mailboxes.add(work); k++) {
            work = local + k + "@" + domain(other.company);
        }
        return new Person(id, other.nameGroup, other.nameIndex, other.first, other.last, other.company, work, slug(other.first) + slug(other.last) + id + "@gmail.com",
                phone(random, other.country), null, other.country,
                slug(other.first) + "-" + slug(other.last) + "-" + Long.toString(id * 104729 % 1_000_003, 36),
                TITLES[random.nextInt(TITLES.length)]);
    }

    private Row record(SplittableRandom random, Person p, int copy, int row) {
        boolean dirty = copy > 0;
        String source = SOURCES[random.nextInt(SOURCES.length)];
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
                : p.mobile != null && random.nextDouble() < 0.3 ? p.mobile : p.phone;
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
