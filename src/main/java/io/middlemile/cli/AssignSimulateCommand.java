package io.middlemile.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.assign.Account;
import io.middlemile.assign.AccountIndex;
import io.middlemile.assign.AccountMatcher;
import io.middlemile.assign.AccountsCsv;
import io.middlemile.assign.AssignContext;
import io.middlemile.assign.Assigner;
import io.middlemile.assign.AssignmentRules;
import io.middlemile.assign.Decision;
import io.middlemile.assign.Distribution;
import io.middlemile.assign.LeadFields;
import io.middlemile.assign.Owner;
import io.middlemile.assign.OwnerDirectory;
import io.middlemile.assign.OwnerSources;
import io.middlemile.assign.RoundRobinState;
import io.middlemile.assign.RuleFiles;
import io.middlemile.assign.Workload;
import io.middlemile.connector.Providers;
import io.middlemile.connector.csv.CsvFileRows;
import io.middlemile.mapping.Transforms;
import io.middlemile.standardize.Standardized;
import io.middlemile.standardize.Standardizer;
import io.middlemile.standardize.Standardizers;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.AssignConfig;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code middlemile assign simulate NAME}: where each given lead would go under {@code assign/NAME.yaml}, and
 * why, writing nothing: no CRM, no store. The rotation starts fresh and workloads at zero, so a simulation
 * answers "what do these rules do", not "who is next in production".
 */
@Command(name = "simulate", description = {
        "Explain where each lead would go under assign/NAME.yaml and why; nothing is written.",
        "Leads are written with canonical field names (email, country, region, leadSource, employeeCount, industry, ...):"
                + " a JSON object (or a list of them) with --record, or a CSV whose header row holds canonical field names with --csv.",
        "The round robin starts from a fresh rotation and zero workloads; out-of-office is read for --on (default today)."})
class AssignSimulateCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    WorkspaceOption workspace;

    @Parameters(paramLabel = "NAME", description = "the rule set, assign/NAME.yaml")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static class Input {
        @Option(names = "--record", paramLabel = "FILE.json", description = "one lead as a JSON object of canonical fields, or a JSON list of them")
        Path record;

        @Option(names = "--csv", paramLabel = "FILE", description = "leads as CSV, header row of canonical field names;"
                + " also prints the distribution per owner against the pool weights")
        Path csv;
    }

    @Option(names = "--accounts", paramLabel = "FILE.csv", description = "existing accounts for the account-owner rule,"
            + " CSV with the header id,owner,domain,name (owner is an owner id); without it no lead matches an account")
    Path accounts;

    @Option(names = "--on", paramLabel = "YYYY-MM-DD", description = "the day to simulate, for out-of-office (default: today)")
    LocalDate day;

    @Option(names = "--summary", description = "with --csv: print only the distribution, not one explanation per lead")
    boolean summary;

    /**
     * One lead as read, with where it came from for the report ("samples/leads.csv:7") and what the simulation read
     * differently from what was written (null when nothing).
     */
    private record Row(String where, Map<String, String> fields, String note) {
        Row(String where, Map<String, String> fields) {
            this(where, fields, null);
        }
    }

    private static final Standardizer COUNTRY = Standardizers.byName("country").orElseThrow();

    /**
     * The lead with its country as a job's mapping writes it (ISO code): territories name codes, and a lead pasted from a
     * form with "Germany" or "de" would otherwise be told it is not in DE, which no job would do.
     */
    private static Row withStandardCountry(Row row) {
        String written = row.fields().get("country");
        if (written == null || written.isBlank()) {
            return row;
        }
        Standardized country = COUNTRY.apply(written, null);
        if (country.value() == null || country.value().equals(written.strip())) {
            return row;
        }
        Map<String, String> fields = new LinkedHashMap<>(row.fields());
        fields.put("country", country.value());
        return new Row(row.where(), fields, "country \"" + written.strip() + "\" read as " + country.value());
    }

    @Override
    public Integer call() {
        Path root = workspace.resolve();
        WorkspaceLoader.Result loaded = new WorkspaceLoader(CommandEnvironment.variables(), Transforms.CATALOG, Providers.CATALOG).forJob(null).load(root);
        if (!loaded.valid()) {
            System.err.printf("Workspace %s has %d problem(s):%n", root, loaded.errors().size());
            loaded.errors().forEach(error -> System.err.println("  " + error));
            System.err.println("Fix them (`middlemile validate` checks again); nothing was simulated.");
            return 1;
        }
        Workspace ws = loaded.workspace();
        AssignConfig config = ws.assign().get(name);
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (config == null) {
            err.printf("There is no assignment rule set \"%s\" in %s/assign. Rule sets: %s%n", name, root, new TreeSet<>(ws.assign().keySet()));
            return 1;
        }
        List<Row> rows;
        List<Account> accountList;
        try {
            rows = input.record != null ? json(input.record) : csv(input.csv);
            accountList = accounts == null ? List.of() : accounts(accounts);
        } catch (InputException e) {
            err.println(e.getMessage());
            err.println("Nothing was simulated; fix the file and run the command again.");
            return 1;
        }
        LocalDate on = day != null ? day : LocalDate.now();
        AssignmentRules rules = RuleFiles.rules(config);
        OwnerDirectory owners;
        String crm = ws.ownersFrom(name);
        if (crm == null) {
            owners = RuleFiles.owners(ws, name);
        } else {
            // the CRM's owners as last read into the store; a simulation never calls the CRM
            try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(root)) {
                owners = engine.getBean(OwnerSources.class).owners(name);
            } catch (OwnerSources.OwnersNotRead e) {
                err.println(e.getMessage().replace(", then run again", ", then simulate again"));
                return 1;
            }
        }
        Map<String, String> away = owners.awayOn(on);
        AssignContext context = new AssignContext(new AccountMatcher(new AccountIndex(accountList)), RoundRobinState.empty(),
                Workload.empty(), away.keySet(), away);

        Path source = input.record != null ? input.record : input.csv;
        out.printf("Simulating assign/%s.yaml on %s for %d lead(s) from %s. Nothing is written.%n", name, on, rows.size(), source);
        out.println("  The round robin starts from a fresh rotation and zero workloads (live runs continue the stored rotation).");
        if (crm != null) {
            out.println("  Owners: the users of connection " + crm + " as last read (`middlemile assign owners " + name + " --refresh`).");
        }
        out.println(accounts == null ? "  No accounts given (--accounts FILE.csv), so no lead matches an existing account."
                : "  " + accountList.size() + " account(s) from " + accounts + ".");
        out.println("  Not taking leads on " + on + ": " + (away.isEmpty() ? "nobody" : describe(new TreeSet<>(away.keySet()), owners)));

        rows = rows.stream().map(AssignSimulateCommand::withStandardCountry).toList();
        long restated = rows.stream().filter(row -> row.note() != null).count();
        if (summary && input.csv != null && restated > 0) {
            out.printf("  %,d lead(s) had a country written as a name or in lower case, read as its code as a job's mapping"
                    + " writes it (e.g. %s).%n", restated, rows.stream().filter(row -> row.note() != null).findFirst().orElseThrow().note());
        }

        // the jobs that write ownerId (to hubspot_owner_id, OwnerId) after this rule set: the simulation shows the id they would write
        List<String> ownerIdTargets = io.middlemile.workspace.OwnerIdChecks.ownerIdTargets(ws, name);
        Assigner assigner = new Assigner(rules);
        Provenance provenance = new Provenance("simulation", Instant.now());
        List<Decision> decisions = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Decision decision;
            try {
                decision = assigner.assign(LeadFields.lead(row.fields(), new SourceRef("simulation", "leads", String.valueOf(i + 1)), provenance),
                        context);
            } catch (IllegalArgumentException e) {
                err.println(row.where() + ": " + e.getMessage());
                err.println("Nothing more was simulated; fix the file and run the command again.");
                return 1;
            }
            decisions.add(decision);
            if (!summary || input.csv == null) {
                print(out, row, decision, owners, ownerIdTargets);
            }
        }
        if (input.csv != null) {
            printDistribution(out, Distribution.of(rules, decisions), owners);
        }
        return 0;
    }

    private static void print(PrintStream out, Row row, Decision decision, OwnerDirectory owners, List<String> ownerIdTargets) {
        out.println();
        String email = row.fields().get("email");
        out.println(row.where() + (email == null || email.isBlank() ? "" : ": " + email.strip()));
        if (row.note() != null) {
            out.println("  " + row.note() + ", as a job's mapping writes it");
        }
        decision.explain().lines().forEach(line -> out.println("  " + line));
        if (decision.assigned()) {
            out.println("  ownerEmail would be set to " + owners.find(decision.owner()).map(Owner::label)
                    .orElse(decision.owner() + ", who is not in the owner list"));
            if (!ownerIdTargets.isEmpty()) {
                String crmId = owners.find(decision.owner()).map(Owner::crmId).orElse(null);
                out.println("  ownerId would be set to " + (crmId != null ? crmId + " (written to " + String.join(", ", ownerIdTargets) + ")"
                        : "nothing: " + decision.owner() + " has no crmId in the owner list, so " + String.join(", ", ownerIdTargets)
                        + " would be left without an owner; add crmId: \"ID\" (their user id in that CRM)"));
            }
        }
    }

    private static void printDistribution(PrintStream out, Distribution distribution, OwnerDirectory owners) {
        int total = distribution.byOwner().values().stream().mapToInt(Integer::intValue).sum() + distribution.unassigned();
        out.println();
        out.printf("Distribution of %d lead(s):%n", total);
        distribution.byOwner().forEach((owner, leads) -> out.printf("  %-32s %5d  %5.1f%%%n", label(owner, owners), leads, 100.0 * leads / total));
        if (distribution.unassigned() > 0) {
            out.printf("  %-32s %5d  %5.1f%%%n", "not assigned", distribution.unassigned(), 100.0 * distribution.unassigned() / total);
        }
        for (Distribution.PoolShare pool : distribution.pools()) {
            out.printf("Pool %s: %d lead(s) by round robin (fallbacks not counted)%n", pool.pool(), pool.leads());
            out.printf("  %-32s %6s %9s %13s%n", "owner", "weight", "expected", "got");
            for (Distribution.MemberShare member : pool.members()) {
                out.printf("  %-32s %6d %8.1f%% %5d (%5.1f%%)%n", label(member.owner(), owners), member.weight(),
                        100 * member.weightShare(), member.leads(), 100 * member.share());
            }
        }
        // a round robin keeps each member within about one lead of their share (its turn carries over from earlier runs);
        // further below, the rotation passed them over: at capacity or out of office
        List<String> below = new ArrayList<>();
        for (Distribution.PoolShare pool : distribution.pools()) {
            for (Distribution.MemberShare member : pool.members()) {
                if (member.leads() < member.weightShare() * pool.leads() - 1) {
                    below.add(label(member.owner(), owners) + " in pool " + pool.pool());
                }
            }
        }
        if (!below.isEmpty()) {
            out.println("Below their expected share: " + String.join(", ", below) + ". The rotation passes over a member who is at"
                    + " capacity or out of office; the explanations say for which leads.");
        }
    }

    private static String label(String id, OwnerDirectory owners) {
        return owners.find(id).map(owner -> id + " (" + (owner.name() == null ? owner.email() : owner.name()) + ")").orElse(id);
    }

    private static String describe(Set<String> ids, OwnerDirectory owners) {
        List<String> shown = new ArrayList<>(ids.size());
        for (String id : ids) {
            Owner owner = owners.find(id).orElseThrow();
            shown.add(id + (owner.active() ? " (out of office)" : " (inactive)"));
        }
        return String.join(", ", shown);
    }

    /** A file that cannot be read as leads or accounts; the message names the file and the line. */
    private static final class InputException extends Exception {
        InputException(String message) {
            super(message);
        }
    }

    private static List<Row> json(Path file) throws InputException {
        JsonNode root;
        try {
            root = JSON.readTree(read(file));
        } catch (JsonProcessingException e) {
            throw new InputException(file + ":" + e.getLocation().getLineNr() + ": is not valid JSON: " + e.getOriginalMessage());
        }
        List<Row> rows = new ArrayList<>();
        if (root != null && root.isObject()) {
            rows.add(new Row(file.toString(), fields(file.toString(), root)));
        } else if (root != null && root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                String where = file + "[" + i + "]";
                if (!root.get(i).isObject()) {
                    throw new InputException(where + ": expected a JSON object of canonical fields, e.g. {\"email\": \"jo@acme.com\", \"country\": \"DE\"}");
                }
                rows.add(new Row(where, fields(where, root.get(i))));
            }
        } else {
            throw new InputException(file + ": expected a JSON object of canonical fields (or a list of them),"
                    + " e.g. {\"email\": \"jo@acme.com\", \"country\": \"DE\"}");
        }
        return rows;
    }

    private static Map<String, String> fields(String where, JsonNode object) throws InputException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            if (value.isContainerNode()) {
                throw new InputException(where + ": field \"" + field.getKey() + "\" holds " + (value.isArray() ? "a list" : "an object")
                        + "; a lead is one flat object of canonical fields, with company fields (employeeCount, industry) beside the person's");
            }
            if (!value.isNull()) {
                fields.put(field.getKey(), value.asText());
            }
        }
        return fields;
    }

    /** Rows a bad file lists at most; the rest are only counted. */
    private static final int BAD_ROWS_SHOWN = 10;

    /**
     * The leads of a CSV file, read as a job's CSV connection reads it (io.middlemile.connector.csv), so a row it
     * cannot read is refused in the same words, with its line: a simulation of a file a job would partly reject
     * would answer for leads the job never assigns. Every such row is listed and nothing is simulated.
     */
    private static List<Row> csv(Path file) throws InputException {
        CsvFileRows read;
        try {
            read = CsvFileRows.read(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": cannot be read as CSV with a header row of canonical field names: " + e.getMessage());
        }
        Map<String, String> probe = new LinkedHashMap<>();
        read.header().forEach(column -> probe.put(column.strip(), "x"));
        try {
            LeadFields.lead(probe, new SourceRef("simulation", "leads", "header"), new Provenance("simulation", Instant.EPOCH));
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ":1: header row: " + e.getMessage());
        }
        List<String> bad = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (CsvFileRows.Row row : read.rows()) {
            String where = file + ":" + row.line();
            if (row.problem() != null) {
                bad.add(where + ": " + row.problem());
                continue;
            }
            // names and values as typed around the commas ("email, country" names the column country)
            Map<String, String> fields = new LinkedHashMap<>();
            row.values().forEach((column, value) -> fields.put(column.strip(), value.strip()));
            rows.add(new Row(where, fields));
        }
        if (!bad.isEmpty()) {
            // the reader's words are a job's ("only this line was rejected"); say how a simulation differs from a job
            StringBuilder message = new StringBuilder(bad.size() + " row(s) of " + file + " cannot be read. A job reading this"
                    + " file would reject only these and go on with the others; a simulation needs every row, so it stops here.");
            bad.stream().limit(BAD_ROWS_SHOWN).forEach(line -> message.append(message.isEmpty() ? "" : "\n").append(line));
            if (bad.size() > BAD_ROWS_SHOWN) {
                message.append("\n... and ").append(bad.size() - BAD_ROWS_SHOWN).append(" more rows that cannot be read");
            }
            throw new InputException(message.toString());
        }
        return rows;
    }

    private static List<Account> accounts(Path file) throws InputException {
        try {
            return AccountsCsv.read(file, file.toString());
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
    }

    private static String read(Path file) throws InputException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot be read: " + e.getMessage());
        }
    }
}
