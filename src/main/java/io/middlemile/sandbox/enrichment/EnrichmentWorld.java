package io.middlemile.sandbox.enrichment;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The people and companies the enrichment emulators (Crustdata, FullEnrich, Apollo) can find, read from seed
 * CSV files, so that every hit or miss is deterministic: a benchmark knows in advance which provider finds what,
 * and so what the cheapest order would have cost.
 *
 * <p>People file columns: {@code linkedinUrl, firstName, lastName, companyDomain, companyName, workEmail,
 * emailStatus, mobilePhone, title, seniority}, then one column per vendor type ({@code crustdata},
 * {@code fullenrich}, {@code apollo}) listing with {@code ;} the columns that vendor finds for the person
 * (e.g. {@code workEmail;title}); blank: the vendor does not know the person. Companies file columns:
 * {@code domain, name, linkedinUrl, employeeCount, industry, annualRevenue, country, knownBy} ({@code ;}-list of
 * vendor types). The bundled world is {@code sandbox/enrichment-people.csv} and {@code sandbox/enrichment-companies.csv}
 * on the classpath.
 *
 * <p>Look-ups are case-insensitive on emails, domains and names, and ignore a trailing slash and the scheme of a
 * LinkedIn URL, as the vendors' own matching does.
 */
public final class EnrichmentWorld {

    public static final List<String> VENDORS = List.of("crustdata", "fullenrich", "apollo");

    private final List<WorldPerson> people;
    private final List<WorldCompany> companies;
    private final Map<String, WorldPerson> byLinkedin = new HashMap<>();
    private final Map<String, WorldPerson> byEmail = new HashMap<>();
    private final Map<String, WorldPerson> byNameAtCompany = new HashMap<>();
    private final Map<String, WorldCompany> companyByDomain = new HashMap<>();
    private final Map<String, WorldCompany> companyByName = new HashMap<>();
    private final Map<String, WorldCompany> companyByLinkedin = new HashMap<>();

    public EnrichmentWorld(List<WorldPerson> people, List<WorldCompany> companies) {
        this.people = List.copyOf(people);
        this.companies = List.copyOf(companies);
        for (WorldPerson person : people) {
            putIfPresent(byLinkedin, linkedinKey(person.linkedinUrl()), person);
            putIfPresent(byEmail, lower(person.workEmail()), person);
            putIfPresent(byNameAtCompany, nameKey(person.firstName(), person.lastName(), person.companyDomain()), person);
            putIfPresent(byNameAtCompany, nameKey(person.firstName(), person.lastName(), person.companyName()), person);
        }
        for (WorldCompany company : companies) {
            putIfPresent(companyByDomain, lower(company.domain()), company);
            putIfPresent(companyByName, lower(company.name()), company);
            putIfPresent(companyByLinkedin, linkedinKey(company.linkedinUrl()), company);
        }
    }

    /** The bundled world, from the classpath. */
    public static EnrichmentWorld bundled() {
        return new EnrichmentWorld(readPeople(resource("sandbox/enrichment-people.csv")),
                readCompanies(resource("sandbox/enrichment-companies.csv")));
    }

    /**
     * A world from two seed files; either may be null for none. A file that cannot be read, is not CSV, or has a column
     * the world does not know (a typo would leave a field silently empty) is refused naming the file, the row and what
     * the header row may hold.
     */
    public static EnrichmentWorld load(Path peopleCsv, Path companiesCsv) {
        List<WorldPerson> people = peopleCsv == null ? List.of() : fromFile(peopleCsv, PEOPLE_COLUMNS, EnrichmentWorld::readPeople);
        List<WorldCompany> companies = companiesCsv == null ? List.of()
                : fromFile(companiesCsv, COMPANY_COLUMNS, EnrichmentWorld::readCompanies);
        return new EnrichmentWorld(people, companies);
    }

    /** The columns a people seed file may hold, in the bundled file's order. */
    public static final List<String> PEOPLE_COLUMNS = Stream.concat(Stream.of("linkedinUrl", "firstName",
            "lastName", "companyDomain", "companyName", "workEmail", "emailStatus", "mobilePhone", "title", "seniority"),
            VENDORS.stream()).toList();

    /** The columns a companies seed file may hold. */
    public static final List<String> COMPANY_COLUMNS = List.of("domain", "name", "linkedinUrl", "employeeCount", "industry",
            "annualRevenue", "country", "knownBy");

    private static <T> List<T> fromFile(Path file, List<String> columns, java.util.function.Function<InputStream, List<T>> read) {
        try (InputStream in = Files.newInputStream(file)) {
            return read.apply(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("there is no file " + file.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        } catch (UnknownColumns e) {
            throw new IllegalArgumentException(file + ": the header row has " + e.getMessage() + "; it may hold "
                    + String.join(", ", columns) + " (see src/main/resources/sandbox/ for the bundled files)", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** A seed file's header names columns the world does not read. */
    private static final class UnknownColumns extends IllegalArgumentException {
        UnknownColumns(String message) {
            super(message);
        }
    }

    public List<WorldPerson> people() {
        return people;
    }

    public List<WorldCompany> companies() {
        return companies;
    }

    public Optional<WorldPerson> personByLinkedin(String url) {
        return Optional.ofNullable(byLinkedin.get(linkedinKey(url)));
    }

    public Optional<WorldPerson> personByEmail(String email) {
        return Optional.ofNullable(byEmail.get(lower(email)));
    }

    /** By first and last name at a company given by its domain or its name. */
    public Optional<WorldPerson> personByName(String firstName, String lastName, String company) {
        return Optional.ofNullable(byNameAtCompany.get(nameKey(firstName, lastName, company)));
    }

    public Optional<WorldCompany> companyByDomain(String domain) {
        return Optional.ofNullable(companyByDomain.get(lower(domain)));
    }

    public Optional<WorldCompany> companyByName(String name) {
        return Optional.ofNullable(companyByName.get(lower(name)));
    }

    public Optional<WorldCompany> companyByLinkedin(String url) {
        return Optional.ofNullable(companyByLinkedin.get(linkedinKey(url)));
    }

    private static List<WorldPerson> readPeople(InputStream in) {
        return parse(in, PEOPLE_COLUMNS, (record, header) -> {
            Map<String, Set<String>> knownBy = new LinkedHashMap<>();
            for (String vendor : VENDORS) {
                String cell = cell(record, header, vendor);
                if (cell != null) {
                    Set<String> columns = new LinkedHashSet<>();
                    for (String column : cell.split(";")) {
                        if (!column.isBlank()) {
                            columns.add(column.strip());
                        }
                    }
                    knownBy.put(vendor, columns);
                }
            }
            return new WorldPerson(cell(record, header, "linkedinUrl"), cell(record, header, "firstName"),
                    cell(record, header, "lastName"), cell(record, header, "companyDomain"), cell(record, header, "companyName"),
                    cell(record, header, "workEmail"), cell(record, header, "emailStatus"), cell(record, header, "mobilePhone"),
                    cell(record, header, "title"), cell(record, header, "seniority"), knownBy);
        });
    }

    private static List<WorldCompany> readCompanies(InputStream in) {
        return parse(in, COMPANY_COLUMNS, (record, header) -> {
            Long employees = number(record, header, "employeeCount");
            Long revenue = number(record, header, "annualRevenue");
            String knownBy = cell(record, header, "knownBy");
            return new WorldCompany(cell(record, header, "domain"), cell(record, header, "name"), cell(record, header, "linkedinUrl"),
                    employees == null ? null : Math.toIntExact(employees), cell(record, header, "industry"),
                    revenue, cell(record, header, "country"),
                    knownBy == null ? Set.of() : Set.of(knownBy.split(";")));
        });
    }

    private interface RowReader<T> {
        T read(CSVRecord record, Map<String, Integer> header);
    }

    private static <T> List<T> parse(InputStream in, List<String> columns, RowReader<T> rows) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8); CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> unknown = parser.getHeaderNames().stream().filter(column -> !columns.contains(column)).toList();
            if (!unknown.isEmpty()) {
                throw new UnknownColumns((unknown.size() == 1 ? "the column " : "the columns ") + String.join(", ", unknown)
                        + ", which the enrichment world does not know");
            }
            List<T> out = new java.util.ArrayList<>();
            for (CSVRecord record : parser) {
                try {
                    out.add(rows.read(record, parser.getHeaderMap()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("row " + (record.getRecordNumber() + 1) + ": "
                            + e.getMessage(), e);
                }
            }
            return out;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw io.middlemile.sandbox.SeedCsv.notCsv(e);
        }
    }

    private static Long number(CSVRecord record, Map<String, Integer> header, String column) {
        String value = cell(record, header, column);
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " \"" + value + "\" is not a whole number, e.g. 5200", e);
        }
    }

    private static String cell(CSVRecord record, Map<String, Integer> header, String column) {
        Integer index = header.get(column);
        if (index == null || index >= record.size()) {
            return null;
        }
        String value = record.get(index).strip();
        return value.isEmpty() ? null : value;
    }

    private static InputStream resource(String path) {
        InputStream in = EnrichmentWorld.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("the bundled enrichment world " + path + " is missing from the classpath");
        }
        return in;
    }

    private static <T> void putIfPresent(Map<String, T> map, String key, T value) {
        if (key != null) {
            map.putIfAbsent(key, value);
        }
    }

    private static String lower(String value) {
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    private static String nameKey(String first, String last, String company) {
        String f = lower(first);
        String l = lower(last);
        String c = lower(company);
        return f == null || l == null || c == null ? null : f + "|" + l + "|" + c;
    }

    /** linkedin.com/in/jane-doe, whatever the scheme, www. and trailing slash. */
    static String linkedinKey(String url) {
        String value = lower(url);
        if (value == null) {
            return null;
        }
        value = value.replaceFirst("^https?://", "").replaceFirst("^www\\.", "");
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }
}
