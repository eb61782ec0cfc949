package io.middlemile.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Company (account) records of a HubSpot and a Salesforce export with known duplicates, deterministic for a seed.
 *
 * <p>About 30% of companies have two to four records. Duplicates carry what CRMs accumulate: legal forms written
 * every way ("Acme" / "ACME, Inc." / "Acme Inc"), shouting names, websites with and without scheme or www, a
 * regional site ({@code eu.acme.com}, {@code uk.acme.com}) instead of the main one, a new domain after a rebrand
 * (name and LinkedIn page stay), missing domain, LinkedIn page or country. The traps: a group's national company
 * in another country (same name, another legal form, a country domain such as {@code acme.de}, its own LinkedIn
 * page) is another account; and names differ by little ("Acme Systems" / "Acme Systems 2") between unrelated
 * companies. Column {@code entityId} is the truth.
 */
public final class CrmCompanyGenerator {

    private static final String[] WORDS = {"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli",
        "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Aperture", "Oscorp", "Wonka", "Blue", "Red", "Green",
        "North", "South", "Pacific", "Atlantic", "Summit", "Pioneer", "Vertex", "Nimbus", "Harbor", "Maple",
        "Golden", "Silver", "Eagle", "Orbit", "Lunar", "Solar", "Apex", "Stone", "River", "Cedar", "Falcon"};
    private static final String[] KINDS = {"Systems", "Labs", "Software", "Analytics", "Logistics", "Health",
        "Capital", "Partners", "Media", "Energy", "Robotics", "Foods", "Networks", "Consulting", "Dynamics"};
    private static final String[][] FORMS = {{"", " Inc.", " Inc", ", Inc.", " INC"}, {"", " LLC", ", LLC"},
        {"", " Ltd", " Ltd.", " Limited"}, {"", " GmbH", " gmbh"}, {"", " Corp.", " Corporation", " Corp"}};
    private static final String[] COUNTRIES = {"US", "GB", "DE"};
    private static final String[] REGIONS = {"eu.", "uk.", "us.", "de.", "emea."};

    /** One account record; {@code entityId} is the truth. */
    public record Row(String recordId, String source, String name, String domain, String linkedin, String country,
                      String entityId) {
    }

    /** A company as it is, before CRMs mangle it. */
    private record Company(long id, String base, int form, String domain, String country, String linkedin) {
    }

    private final long seed;

    public CrmCompanyGenerator(long seed) {
        this.seed = seed;
    }

    /** Streams exactly {@code records} rows to {@code sink}. */
    public void generate(int records, Consumer<Row> sink) {
        SplittableRandom random = new SplittableRandom(seed);
        int written = 0;
        long entity = 0;
        Company siblingOf = null;
        while (written < records) {
            Company company = siblingOf != null ? sibling(random, entity++, siblingOf) : company(entity++);
            siblingOf = siblingOf == null && random.nextDouble() < 0.03 ? company : null;
            double x = random.nextDouble();
            int copies = x < 0.70 ? 1 : x < 0.88 ? 2 : x < 0.96 ? 3 : 4;
            String rebrand = copies > 1 && random.nextDouble() < 0.03
                    ? slug(company.base) + "group." + tld(company.country) : null;
            for (int c = 0; c < copies && written < records; c++) {
                sink.accept(record(random, company, c, written, rebrand));
                written++;
            }
        }
    }

    /** Company {@code id}: names are unique per id; numbered names ("Acme Systems 2") are other companies. */
    private static Company company(long id) {
        int w = (int) (id % WORDS.length);
        int k = (int) ((id / WORDS.length) % KINDS.length);
        long n = id / ((long) WORDS.length * KINDS.length);
        String base = WORDS[w] + " " + KINDS[k] + (n == 0 ? "" : " " + (n + 1));
        String country = COUNTRIES[(int) ((id * 7) % 10 < 7 ? 0 : (id * 7) % 10 < 9 ? 1 : 2)];
        return new Company(id, base, (int) (id % FORMS.length), slug(base) + ".com", country,
                "https://www.linkedin.com/company/" + slug(base).replace(" ", "-"));
    }

    /** The group's company in another country: same name, its own legal form, country domain and LinkedIn page. */
    private static Company sibling(SplittableRandom random, long id, Company parent) {
        String country = COUNTRIES[(indexOf(parent.country) + 1 + random.nextInt(COUNTRIES.length - 1))
                % COUNTRIES.length];
        int form = country.equals("DE") ? 3 : country.equals("GB") ? 2 : 0;
        return new Company(id, parent.base, form, slug(parent.base) + "." + tld(country), country,
                parent.linkedin + "-" + country.toLowerCase(Locale.ROOT));
    }

    private Row record(SplittableRandom random, Company c, int copy, int row, String rebrand) {
        boolean dirty = copy > 0;
        String[] forms = FORMS[c.form];
        String name = c.base + forms[dirty ? random.nextInt(forms.length) : 1 % forms.length];
        if (dirty && random.nextDouble() < 0.1) {
            name = name.toUpperCase(Locale.ROOT);
        }
        String domain = c.domain;
        if (rebrand != null && dirty && random.nextBoolean()) {
            domain = rebrand;
        } else if (dirty && random.nextDouble() < 0.15) {
            domain = REGIONS[random.nextInt(REGIONS.length)] + c.domain;
        }
        domain = random.nextDouble() < 0.1 ? null : switch (random.nextInt(4)) {
            case 0 -> domain;
            case 1 -> "www." + domain;
            case 2 -> "https://" + domain + "/";
            default -> "http://" + domain;
        };
        String linkedin = random.nextDouble() < 0.5 ? null : c.linkedin + (random.nextBoolean() ? "/" : "");
        String country = random.nextDouble() < 0.15 ? null : c.country;
        String source = random.nextBoolean() ? "hubspot" : "salesforce";
        return new Row(source.substring(0, 2) + "-" + row, source, name, domain, linkedin, country,
                Long.toString(c.id));
    }

    private static int indexOf(String country) {
        for (int i = 0; i < COUNTRIES.length; i++) {
            if (COUNTRIES[i].equals(country)) {
                return i;
            }
        }
        return 0;
    }

    private static String tld(String country) {
        return switch (country) {
            case "GB" -> "co.uk";
            case "DE" -> "de";
            default -> "com";
        };
    }

    private static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
