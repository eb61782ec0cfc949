package io.middlemile.bench;

import io.middlemile.assign.Account;
import io.middlemile.assign.AccountIndex;
import io.middlemile.assign.AccountMatcher;
import io.middlemile.assign.Action.AccountOwner;
import io.middlemile.assign.Action.Capacity;
import io.middlemile.assign.Action.Member;
import io.middlemile.assign.Action.NamedOwner;
import io.middlemile.assign.Action.Pool;
import io.middlemile.assign.Action.RoundRobinPool;
import io.middlemile.assign.AssignContext;
import io.middlemile.assign.Assigner;
import io.middlemile.assign.AssignmentRules;
import io.middlemile.assign.Decision;
import io.middlemile.assign.FieldCondition;
import io.middlemile.assign.Lead;
import io.middlemile.assign.RoundRobinState;
import io.middlemile.assign.Rule;
import io.middlemile.assign.Segment;
import io.middlemile.assign.Segment.Range;
import io.middlemile.assign.Territory;
import io.middlemile.assign.Workload;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.Condition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Owner assignment throughput: generated leads (a share at existing accounts' domains and subdomains, a share
 * on free mail, countries, regions, sizes and sources spread over 11 rules with pools, capacities and
 * out-of-office owners) assigned one after another, as one batch shares its rotation and workload. Prints
 * assignments/s, the rules that fired and the busiest owners. Excludes CRM calls. Not a test. Arguments:
 * leads (1,000,000), accounts (20,000).
 */
public final class AssignBenchmark {

    private static final Provenance PROVENANCE = new Provenance("bench", Instant.EPOCH);
    private static final String[] COUNTRIES = {"US", "US", "US", "DE", "AT", "CH", "GB", "IE", "SE", "NO", "FR", "ES", "BR", "IN", "JP"};
    private static final String[] US_REGIONS = {"US-CA", "US-WA", "US-OR", "US-NY", "US-MA", "US-NJ", "US-TX", "US-IL"};
    private static final String[] SOURCES = {"Demo request", "Webinar", "Content download", "Partner referral", "Cold list", "Event"};
    private static final String[] INDUSTRIES = {"Software", "SaaS", "Retail", "Manufacturing", "Financial Services", "Healthcare"};
    private static final String[] FREE = {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com"};

    public static void main(String[] args) {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Random random = new Random(17);
        List<Account> accountList = new ArrayList<>(accounts);
        for (int i = 0; i < accounts; i++) {
            accountList.add(new Account("001" + i, "ae" + (i % 40), "https://www.company" + i + ".com", "Company " + i + " Inc."));
        }
        long built = System.nanoTime();
        AccountMatcher matcher = new AccountMatcher(new AccountIndex(accountList));
        System.out.printf("| accounts indexed | %,d in %,d ms |%n", accounts, (System.nanoTime() - built) / 1_000_000);
        Assigner assigner = new Assigner(rules());

        List<Lead> generated = new ArrayList<>(leads);
        for (int i = 0; i < leads; i++) {
            generated.add(lead(i, accounts, random));
        }
        // warm-up on a separate context so the measured run starts from a fresh rotation
        AssignContext warmup = context(matcher);
        for (int i = 0; i < Math.min(200_000, leads); i++) {
            assigner.assign(generated.get(i), warmup);
        }

        AssignContext context = context(matcher);
        Map<String, Integer> byRule = new TreeMap<>();
        Map<String, Integer> byOwner = new TreeMap<>();
        long skippedRules = 0;
        long start = System.nanoTime();
        for (Lead lead : generated) {
            Decision decision = assigner.assign(lead, context);
            byRule.merge(decision.rule() == null ? "(none)" : decision.rule() + (decision.fallback() ? " [fallback]" : ""), 1, Integer::sum);
            byOwner.merge(String.valueOf(decision.owner()), 1, Integer::sum);
            skippedRules += decision.skipped().size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("| leads assigned | %,d in %.2f s |%n", leads, seconds);
        System.out.printf("| assignments/s (one thread, explanations included) | %,.0f |%n", leads / seconds);
        System.out.printf("| skipped rules explained per lead | %.2f |%n", (double) skippedRules / leads);
        System.out.printf("| heap in use after the run | %,d MB |%n", (runtime.totalMemory() - runtime.freeMemory()) >> 20);
        System.out.println();
        byRule.forEach((rule, n) -> System.out.printf("| rule %s | %,d |%n", rule, n));
        System.out.println();
        System.out.println("| owner | leads |");
        byOwner.entrySet().stream().filter(e -> !e.getKey().startsWith("ae"))
                .forEach(e -> System.out.printf("| %s | %,d |%n", e.getKey(), e.getValue()));
        System.out.printf("| 40 account owners ae0..ae39 | %,d |%n",
                byOwner.entrySet().stream().filter(e -> e.getKey().startsWith("ae")).mapToInt(Map.Entry::getValue).sum());
    }

    private static AssignContext context(AccountMatcher matcher) {
        return new AssignContext(matcher, RoundRobinState.empty(), Workload.of(Map.of("uw1", 5_000), Map.of()), Set.of("de2", "ae7"));
    }

    private static AssignmentRules rules() {
        Capacity perDay = new Capacity(null, 60_000);
        return new AssignmentRules("bench", List.of(
                new Rule("existing accounts", List.of(), new AccountOwner(), null),
                new Rule("partner referrals", List.of(field("leadSource", "Partner referral")), new NamedOwner("partner-desk"), null),
                new Rule("dach enterprise", List.of(Territory.countries("DE", "AT", "CH"), new Segment(Range.atLeast(1000), null, null)),
                        new NamedOwner("dach-ae"), "emea-manager"),
                new Rule("dach commercial", List.of(Territory.countries("DE", "AT", "CH")),
                        pool("dach", Member.of("de1", 3), Member.of("de2", 2), Member.of("de3", 1)), "emea-manager"),
                new Rule("uk and ireland", List.of(Territory.countries("GB", "IE")),
                        pool("ukie", Member.of("uk1", 1), Member.of("uk2", 1)), "emea-manager"),
                new Rule("nordics", List.of(Territory.countries("SE", "NO", "DK", "FI")),
                        pool("nordics", new Member("no1", 1, new Capacity(null, 10_000)), Member.of("no2", 1)), "emea-manager"),
                new Rule("us enterprise software", List.of(Territory.countries("US"),
                        new Segment(Range.atLeast(1000), Range.atLeast(50_000_000), List.of("Software", "SaaS"))),
                        pool("us-ent", Member.of("ue1", 2), Member.of("ue2", 1)), null),
                new Rule("us west", List.of(Territory.regions("US-CA", "US-WA", "US-OR")),
                        pool("us-west", new Member("uw1", 3, new Capacity(8_000, null)), new Member("uw2", 2, perDay),
                                new Member("uw3", 1, perDay)), "us-manager"),
                new Rule("us east", List.of(Territory.regions("US-NY", "US-MA", "US-NJ")),
                        pool("us-east", Member.of("ue3", 1), Member.of("ue4", 1), Member.of("ue5", 1)), "us-manager"),
                new Rule("demo requests", List.of(FieldCondition.of(new Condition("leadSource", null, null, "(?i)demo.*", null))),
                        pool("sdr", Member.of("sdr1", 3), Member.of("sdr2", 2), Member.of("sdr3", 1)), "sdr-manager"),
                new Rule("everyone else", List.of(),
                        pool("nurture", new Member("n1", 1, new Capacity(100_000, null)), new Member("n2", 1, new Capacity(100_000, null))),
                        "marketing-queue")));
    }

    private static FieldCondition field(String field, String equals) {
        return FieldCondition.of(new Condition(field, equals, null, null, null));
    }

    private static RoundRobinPool pool(String name, Member... members) {
        return new RoundRobinPool(new Pool(name, List.of(members)));
    }

    private static Lead lead(int i, int accounts, Random random) {
        String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
        int kind = random.nextInt(100);
        String email;
        if (kind < 10) {
            email = "p" + i + "@company" + random.nextInt(accounts) + ".com";
        } else if (kind < 15) {
            email = "p" + i + "@" + country.toLowerCase() + ".company" + random.nextInt(accounts) + ".com";
        } else if (kind < 35) {
            email = "p" + i + "@" + FREE[random.nextInt(FREE.length)];
        } else {
            email = "p" + i + "@prospect" + random.nextInt(accounts * 10) + ".com";
        }
        Map<String, String> person = new LinkedHashMap<>();
        person.put("email", email);
        person.put("country", country);
        if (country.equals("US")) {
            person.put("region", US_REGIONS[random.nextInt(US_REGIONS.length)]);
        }
        person.put("leadSource", SOURCES[random.nextInt(SOURCES.length)]);
        if (kind >= 15 && kind < 25) {
            person.put("companyName", "Company " + random.nextInt(accounts * 2) + " GmbH");
        }
        Map<String, String> company = new LinkedHashMap<>();
        company.put("employeeCount", Integer.toString(1 + random.nextInt(5_000)));
        company.put("annualRevenue", Long.toString(100_000L + random.nextInt(200_000_000)));
        company.put("industry", INDUSTRIES[random.nextInt(INDUSTRIES.length)]);
        return new Lead(record(Entity.PERSON, i, person), record(Entity.COMPANY, i, company));
    }

    private static CanonicalRecord record(Entity entity, int i, Map<String, String> values) {
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        values.forEach((field, value) -> fields.put(field, new FieldValue(value, PROVENANCE)));
        return new CanonicalRecord(entity, new SourceRef("bench", entity.id(), Integer.toString(i)), Instant.EPOCH, fields);
    }
}
