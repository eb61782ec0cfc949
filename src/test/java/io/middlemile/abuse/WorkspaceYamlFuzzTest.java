package io.middlemile.abuse;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.testing.Cli;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.ValidationError;
import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Abuse of the workspace files (issue #11): every YAML file of the bundled workspace is damaged with fixed
 * seeds and validated exactly as {@code middlemile validate} does. Whatever the damage, validation must
 * finish quickly without any exception escaping, and either pass or report errors that each name a
 * workspace file (and a line where there is one) as one readable {@code file:line: field.path: message}
 * line. Validating must not change a byte of the workspace.
 *
 * <p>A failing random case prints its number and seed; re-run just that case with
 * {@code -Dabuse.case=N} (several: {@code -Dabuse.case=3,17}).
 */
class WorkspaceYamlFuzzTest {

    private static final long BASE_SEED = 20_251_100L;
    private static final int CASES = 300;
    /** Far above the few milliseconds a case takes; only a runaway parse gets near it. */
    private static final Duration PER_CASE = Duration.ofSeconds(5);

    /** {@code file}, optional {@code :line} (1-based), then the rest; one line, nothing else. */
    private static final Pattern ERROR_LINE = Pattern.compile("(?<file>[^:\\n]+?)(?::(?<line>[1-9]\\d*))?: (?<rest>.+)");
    /** What an admin should never have to read: Java class names and stack frames. */
    private static final Pattern JAVA_INTERNALS = Pattern.compile(
            "\\b(java|javax|jdk|sun|jakarta|io\\.middlemile|com\\.fasterxml|org\\.yaml|org\\.snakeyaml|org\\.hibernate)\\.[a-z]"
                    + "|Exception|\\tat |StreamReadConstraints|CoercionConfig");
    /** The loader shortens echoed values; a message longer than this would swamp a terminal. */
    private static final int MAX_MESSAGE_CHARS = 1_200;

    /** Values of the wrong type or of absurd size, put where a file has {@code key: value}. */
    private static final List<String> WRONG_VALUES = List.of("42", "-1", "0.5", "true", "fourty-two", "~", "''", "[]", "{}",
            "[a, b]", "{a: 1}", "'0.9'", "1e400", "-1e400", ".nan", ".inf", "0x7FFFFFFFFFFFFFFFFFFF", "1_000", "2024-01-01",
            "9".repeat(30), "-" + "9".repeat(400), "\"" + "x".repeat(20_000) + "\"", "|\n  block\n  text", "*undefined");
    private static final List<String> TAGS = List.of("!!java/object:java.net.URL ", "!!java/object:java.lang.ProcessBuilder ",
            "!custom ", "!!binary ", "!!int ", "!!str ", "!!set ", "!<tag:example.com,2000:x> ");
    private static final List<String> CONTROL = List.of("\u0000", "\u0007", "\u001b[2J", "\u001b]0;pwned\u0007", "\u202e",
            "\u0085", "\u2028", "\ufeff", "\u007f");
    private static final Pattern KEY_VALUE = Pattern.compile("^(\\s*(?:- )?[A-Za-z_][\\w.-]*:[ \\t]+)([^#\\s].*?)\\s*$");

    @TempDir
    static Path workspace;
    /** Every YAML file of the workspace, relative path to its original bytes. */
    private static final Map<String, byte[]> ORIGINALS = new TreeMap<>();

    @BeforeAll
    static void copyTheBundledWorkspace() throws IOException {
        TestWorkspaces.copyBundled(workspace);
        for (String folder : WorkspaceLoader.FOLDERS) {
            if (!Files.isDirectory(workspace.resolve(folder))) {
                continue; // a workspace needs only the folders it uses
            }
            try (Stream<Path> files = Files.list(workspace.resolve(folder))) {
                for (Path file : files.sorted().toList()) {
                    ORIGINALS.put(folder + "/" + file.getFileName(), Files.readAllBytes(file));
                }
            }
        }
        assertThat(ORIGINALS).as("the bundled workspace files").hasSizeGreaterThanOrEqualTo(15);
        assertThat(load().errors()).as("the undamaged bundled workspace validates").isEmpty();
    }

    // ---------------------------------------------------------------- random damage

    @TestFactory
    Stream<DynamicTest> randomDamageGetsAClearAnswer() {
        return IntStream.range(0, CASES).filter(Mutator::selected).mapToObj(number -> {
            Case damage = damage(number);
            return dynamicTest(damage.toString(), () -> check(damage));
        });
    }

    /** One random case: a file and up to three non-overlapping edits of it, all from the case's seed. */
    record Case(int number, long seed, String file, List<Mutator.Edit> edits) {
        @Override
        public String toString() {
            return "case " + number + " (seed " + seed + "): " + file + ": " + edits;
        }
    }

    static Case damage(int number) {
        long seed = BASE_SEED + number;
        List<String> files = List.copyOf(ORIGINALS.keySet());
        String file = files.get(new Random(seed).nextInt(files.size()));
        Mutator mutator = new Mutator(seed, ORIGINALS.get(file));
        int wanted = 1 + mutator.random().nextInt(3);
        List<Mutator.Edit> edits = new ArrayList<>();
        for (int attempt = 0; edits.size() < wanted && attempt < 10; attempt++) {
            Mutator.Edit edit = yamlEdit(mutator);
            if (edits.stream().noneMatch(kept -> overlap(kept, edit))) {
                edits.add(edit);
            }
        }
        return new Case(number, seed, file, List.copyOf(edits));
    }

    private static boolean overlap(Mutator.Edit a, Mutator.Edit b) {
        return a.from() <= b.to() && b.from() <= a.to();
    }

    /** One kind of damage, chosen by the seed: generic byte and line damage, or YAML-shaped damage. */
    private static Mutator.Edit yamlEdit(Mutator m) {
        int kind = m.random().nextInt(18);
        int line = m.randomLine(0);
        String text = m.line(line);
        int valueLine = keyValueLine(m);
        Matcher keyValue = valueLine < 0 ? null : KEY_VALUE.matcher(m.line(valueLine));
        if (keyValue != null && !keyValue.matches()) {
            throw new IllegalStateException("not a key: value line");
        }
        return switch (kind) {
            case 0 -> m.flipBit(0);
            case 1 -> m.truncate(0);
            case 2 -> m.deleteLine(0);
            case 3 -> m.duplicateLine(0);
            case 4 -> m.replaceLine(line, " ".repeat(1 + m.random().nextInt(3)) + text, "indented further");
            case 5 -> m.replaceLine(line, text.replaceFirst("^ {1,2}", ""), "indented less");
            case 6 -> m.replaceLine(line, text.replaceFirst("^ ?", "\t"), "tab indentation");
            case 7, 8 -> keyValue == null ? m.flipBit(0)
                    : m.replaceLine(valueLine, keyValue.group(1) + m.pick(WRONG_VALUES), "wrong scalar");
            case 9 -> keyValue == null ? m.truncate(0) : m.replaceLine(valueLine, keyValue.group(1) + deep(m), "deep nesting");
            case 10 -> m.replaceLine(line, leading(text) + "k".repeat(1_000 + m.random().nextInt(100_000)) + ": x\n" + text,
                    "very long key");
            case 11 -> keyValue == null ? m.deleteLine(0)
                    : m.replaceLine(valueLine, keyValue.group(1) + laughs(), "billion laughs");
            case 12 -> m.insert(0, m.pick(CONTROL).getBytes(StandardCharsets.UTF_8), "control character");
            case 13 -> m.invalidUtf8(0);
            case 14 -> keyValue == null ? m.flipBit(0)
                    : m.replaceLine(valueLine, keyValue.group(1) + m.pick(TAGS) + keyValue.group(2), "unknown tag");
            case 15 -> m.random().nextBoolean() ? m.insert(0, Mutator.BOM, "BOM") : new Mutator.Edit(0, 0, Mutator.BOM, "BOM at the start");
            case 16 -> m.carriageReturnsOnly(0);
            default -> m.insert(0, new byte[] {(byte) (m.random().nextBoolean() ? '"' : '\'')}, "stray quote");
        };
    }

    /** A random {@code key: value} line of the file (0-based), or -1 when it has none. */
    private static int keyValueLine(Mutator m) {
        int start = m.randomLine(0);
        for (int i = 0; i < m.lines(); i++) {
            int line = (start + i) % m.lines();
            if (KEY_VALUE.matcher(m.line(line)).matches()) {
                return line;
            }
        }
        return -1;
    }

    private static String leading(String line) {
        return line.substring(0, line.length() - line.stripLeading().length());
    }

    /** Flow collections nested 10,000 deep, closed or not: a parser that recurses per level would overflow its stack. */
    private static String deep(Mutator m) {
        int depth = 10_000;
        return switch (m.random().nextInt(3)) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{a: ".repeat(depth) + "1" + "}".repeat(depth);
            default -> "[".repeat(depth);
        };
    }

    /** Nine levels of nine aliases each, in one flow value: 9^9 strings if a parser expanded the aliases. */
    static String laughs() {
        StringBuilder value = new StringBuilder("[&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
        for (int level = 1; level < 9; level++) {
            value.append(", &l").append(level).append(" [");
            for (int i = 0; i < 9; i++) {
                value.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
            }
            value.append(']');
        }
        return value.append(']').toString();
    }

    private static void check(Case damage) throws IOException {
        Path file = workspace.resolve(damage.file);
        byte[] damaged = Mutator.Edit.applyAll(ORIGINALS.get(damage.file), damage.edits);
        Files.write(file, damaged);
        try {
            Map<String, byte[]> before = snapshot(workspace);
            WorkspaceLoader.Result result = loadWithin(PER_CASE, damage.toString());

            assertUnchanged(before, damage.toString());
            assertClearErrors(result.errors(), damage.toString());
            if (!isUtf8(damaged)) {
                assertThat(result.errors()).as("%s: the file is not UTF-8, which must be reported", damage)
                        .anySatisfy(error -> {
                            assertThat(error.file()).isEqualTo(damage.file);
                            assertThat(error.message()).contains("UTF-8");
                        });
            }
        } finally {
            Files.write(file, ORIGINALS.get(damage.file));
        }
    }

    /**
     * Cases beyond the first {@value #CASES} that once failed (found with 3,000 cases): 593 and 1695 reached the admin as
     * "Cannot construct instance of `io.middlemile.workspace.TransformSpec`", 998 threw a NullPointerException out of
     * the cross-reference checks (a hub-sync route using a mapping without connector:).
     */
    @ParameterizedTest(name = "case {0}")
    @ValueSource(ints = {593, 998, 1695, 2957})
    void casesThatOnceFailedStayFixed(int number) throws IOException {
        check(damage(number));
    }

    // ---------------------------------------------------------------- named hostile files

    @Test
    void aSyncRouteOverAMappingWithoutConnectorGetsErrorsNotAnException() throws IOException {
        Case missing = named("mappings/salesforce-accounts.yaml", "\nconnector: salesforce\n", "\n");

        List<ValidationError> errors = checkNamed(missing, PER_CASE);

        assertThat(errors).as(missing.toString()).anySatisfy(error -> {
            assertThat(error.file()).isEqualTo("mappings/salesforce-accounts.yaml");
            assertThat(error.path()).isEqualTo("connector");
        });
    }

    @Test
    void aRouteDoesNotCallAnUnreadableMappingMissing() throws IOException {
        // the file is there; its own syntax error says what is wrong, the routes using it must not say "not a file"
        Case unreadable = named("mappings/salesforce-accounts.yaml", "\nconnector: salesforce\n", "\nconnector: [salesforce\n");

        List<ValidationError> errors = checkNamed(unreadable, PER_CASE);

        assertThat(errors).as(unreadable.toString()).anySatisfy(error ->
                assertThat(error.toString()).startsWith("mappings/salesforce-accounts.yaml:").contains("YAML syntax error"));
        assertThat(errors).as(unreadable.toString()).noneSatisfy(error ->
                assertThat(error.message()).contains("\"salesforce-accounts\", which is not a file"));
    }

    @Test
    void aTransformOfTwoNamesIsExplainedInTheFilesTerms() throws IOException {
        Case twoNames = named("mappings/legacy-contacts.yaml", "transform: [email]", "transform: [{email: {}, phone: {}}]");

        List<ValidationError> errors = checkNamed(twoNames, PER_CASE);

        assertThat(errors).as(twoNames.toString()).anySatisfy(error -> {
            assertThat(error.toString()).startsWith("mappings/legacy-contacts.yaml:" + lineOf(twoNames, "transform: [{") + ": "
                    + "fields[0].transform[0]: ");
            assertThat(error.message()).startsWith("a transform with arguments is one name with a mapping of arguments");
        });
    }

    @Test
    void billionLaughsIsRefusedAtTheFirstAliasAtOnce() throws IOException {
        Case laughs = named("mappings/legacy-contacts.yaml", "\nobject: contacts", "\nobject: contacts\nlol: " + laughs());

        List<ValidationError> errors = checkNamed(laughs, Duration.ofSeconds(2));

        assertThat(errors).as(laughs.toString()).anySatisfy(error -> {
            assertThat(error.file()).isEqualTo("mappings/legacy-contacts.yaml");
            assertThat(error.line()).isEqualTo(lineOf(laughs, "lol: "));
            assertThat(error.message()).contains("*l0").contains("alias");
        });
    }

    @Test
    void anAliasIsNotSilentlyReadAsItsName() throws IOException {
        // Jackson's YAML parser hands an alias over as the text of its name; "review: *auto" would read "auto"
        Case alias = named("dedupe/contacts.yaml", "  autoMerge: 0.96\n  review: 0.80", "  autoMerge: &auto 0.96\n  review: *auto");

        List<ValidationError> errors = checkNamed(alias, PER_CASE);

        assertThat(errors).as(alias.toString()).singleElement().satisfies(error -> {
            assertThat(error.toString()).startsWith("dedupe/contacts.yaml:" + lineOf(alias, "review: *auto") + ": ");
            assertThat(error.message()).contains("*auto").contains("alias");
        });
    }

    @Test
    void nestingTenThousandDeepIsRefusedWithItsLine() throws IOException {
        for (String deep : List.of("[".repeat(10_000) + "]".repeat(10_000), "{a: ".repeat(10_000) + "1" + "}".repeat(10_000),
                "[".repeat(10_000))) {
            Case nested = named("connectors/hubspot.yaml", "\ntype: hubspot", "\ntype: " + deep);

            List<ValidationError> errors = checkNamed(nested, Duration.ofSeconds(3));

            assertThat(errors).as(nested.toString()).anySatisfy(error -> {
                assertThat(error.toString()).startsWith("connectors/hubspot.yaml:" + lineOf(nested, "type: ") + ": ");
                assertThat(error.message()).contains("nested");
            });
        }
    }

    @Test
    void aJavaTagConstructsNothing(@TempDir Path elsewhere) throws IOException {
        // SnakeYAML's own constructor would call new FileOutputStream(path) for this tag and create the file
        Path created = elsewhere.resolve("created-by-yaml");
        Case tagged = named("connectors/legacy-crm-export.yaml", "\ndescription: ",
                "\ndescription: !!java/object:java.io.FileOutputStream [\"" + created + "\"]\nx: ");

        checkNamed(tagged, PER_CASE);

        assertThat(created).as(tagged.toString()).doesNotExist();
    }

    @Test
    void aTabIsReportedOnItsOwnLine() throws IOException {
        Case tab = named("dedupe/contacts.yaml", "\n  review: 0.80", "\n\treview: 0.80");

        List<ValidationError> errors = checkNamed(tab, PER_CASE);

        assertThat(errors).as(tab.toString()).singleElement().satisfies(error -> {
            assertThat(error.toString()).startsWith("dedupe/contacts.yaml:" + lineOf(tab, "\treview") + ": YAML syntax error: ");
            assertThat(error.message()).contains("TAB");
        });
    }

    @Test
    void invalidUtf8IsReportedOnItsLine() throws IOException {
        String file = "mappings/legacy-contacts.yaml";
        String text = new String(ORIGINALS.get(file), StandardCharsets.UTF_8);
        String before = text.substring(0, text.indexOf("\nentity: ") + 1);
        int at = before.getBytes(StandardCharsets.UTF_8).length;
        // a comment line holding an é saved as Latin-1 (one byte, 0xE9), as an editor with the wrong encoding writes it
        Case latin1 = new Case(-1, 0, file, List.of(new Mutator.Edit(at, at, new byte[] {'#', ' ', (byte) 0xE9, '\n'},
                "a Latin-1 \u00e9 in a comment line")));

        List<ValidationError> errors = checkNamed(latin1, PER_CASE);

        long line = before.chars().filter(c -> c == '\n').count() + 1; // the inserted line, just before entity:
        assertThat(errors).as(latin1.toString()).singleElement().satisfies(error -> {
            assertThat(error.toString()).startsWith(file + ":" + line + ": ");
            assertThat(error.message()).contains("UTF-8");
        });
    }

    @Test
    void aFileOfMegabytesIsRefusedWithoutParsingIt() throws IOException {
        Case huge = named("routes/import-contacts.camel.yaml", "- route:", "# " + "x".repeat(3 * 1024 * 1024) + "\n- route:");

        List<ValidationError> errors = checkNamed(huge, Duration.ofSeconds(2));

        assertThat(errors).as(huge.toString()).anySatisfy(error -> {
            assertThat(error.toString()).startsWith("routes/import-contacts.camel.yaml: ");
            assertThat(error.message()).contains("MiB");
        });
    }

    @Test
    void aSecondDocumentIsNotSilentlyIgnored() throws IOException {
        Case twice = named("dedupe/contacts.yaml", "\nthresholds:", "\n---\nthresholds:");

        List<ValidationError> errors = checkNamed(twice, PER_CASE);

        assertThat(errors).as(twice.toString()).anySatisfy(error -> {
            assertThat(error.toString()).startsWith("dedupe/contacts.yaml:" + lineOf(twice, "---") + ": ");
            assertThat(error.message()).contains("---");
        });
    }

    @Test
    void aHugeIntegerIsAWrongValueNotASyntaxError() throws IOException {
        Case huge = named("dedupe/contacts.yaml", "autoMerge: 0.96", "autoMerge: " + "9".repeat(30));

        List<ValidationError> errors = checkNamed(huge, PER_CASE);

        assertThat(errors).as(huge.toString()).isNotEmpty().allSatisfy(error -> {
            assertThat(error.toString()).startsWith("dedupe/contacts.yaml:" + lineOf(huge, "autoMerge: ") + ": thresholds.autoMerge: ");
            assertThat(error.message()).doesNotContain("syntax");
        });
    }

    @Test
    void controlCharactersFromTheFileAreNotEchoedToTheTerminal() throws IOException {
        // an escape sequence in a value would otherwise clear the reviewer's screen or hide other errors
        Case hostile = named("dedupe/contacts.yaml", "entity: person", "entity: \"\\e[2J\\e[1A\\rperson\\0\"");

        List<ValidationError> errors = checkNamed(hostile, PER_CASE);

        assertThat(errors).as(hostile.toString()).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("entity");
            assertThat(error.message()).contains("\\u001b[2J").contains("\\u0000");
        });
    }

    @Test
    void aHugeKeyIsShownShortened() throws IOException {
        Case longKey = named("dedupe/contacts.yaml", "entity: person", "entity: person\n? " + "k".repeat(200_000) + "\n: 1");

        List<ValidationError> errors = checkNamed(longKey, PER_CASE);

        assertThat(errors).as(longKey.toString()).singleElement().satisfies(error -> {
            assertThat(error.message()).startsWith("unknown field \"kkk").contains("characters left out");
            assertThat(error.toString().length()).isLessThan(MAX_MESSAGE_CHARS + 300);
        });
    }

    @Test
    void emptyEntriesAndEmptySectionsAreNamedInTheFilesTerms() throws IOException {
        // each of these once reached the admin as Jackson's "Cannot construct instance of `io.middlemile...`" or passed
        // validation and then failed in the engine (a null field line in the mapper)
        record Shape(Case damage, String at, String path, String message) {
        }
        List<Shape> shapes = List.of(
                new Shape(named("mappings/legacy-contacts.yaml", "  - canonical: email", "  - ~\n  - canonical: email"),
                        "  - ~", "fields[0]", "is an empty list entry"),
                new Shape(named("mappings/legacy-contacts.yaml", "  - canonical: email", "  -\n  - canonical: email"),
                        "  -\n", "fields[0]", "expected a mapping (key: value lines), found \"\""),
                new Shape(named("connectors/hubspot.yaml", "associations: [companies]", "associations: [companies, ~]"),
                        "associations: [companies, ~]", "objects.contacts.associations[1]", "is an empty list entry"),
                new Shape(named("dedupe/contacts.yaml", "  - [email]", "  - [email, ~]"),
                        "  - [email, ~]", "blocking[0][1]", "is an empty list entry"),
                new Shape(named("connectors/legacy-crm-export.yaml", "\ntype: csv", "\ntype: csv\npolicy: ''"),
                        "policy: ''", "policy", "expected a mapping (key: value lines), found \"\""),
                new Shape(named("mappings/hubspot-companies.yaml", "replace: {pattern: \"^[A-Z]{2}-\", with: \"\"}",
                        "replace: {pattern: ~, with: ~}"), "replace: {pattern: ~", "fields[11].transformOut[0]", "has an entry without a value"));
        for (Shape shape : shapes) {
            List<ValidationError> errors = checkNamed(shape.damage, PER_CASE);

            assertThat(errors).as(shape.damage.toString()).anySatisfy(error -> {
                assertThat(error.file()).isEqualTo(shape.damage.file);
                assertThat(error.line()).isEqualTo(lineOf(shape.damage, shape.at));
                assertThat(error.path()).isEqualTo(shape.path);
                assertThat(error.message()).startsWith(shape.message);
            });
        }
    }

    @Test
    void theValidateCommandPrintsOnlyClearLines() throws IOException {
        Files.writeString(workspace.resolve("mappings/legacy-contacts.yaml"), "x: " + "[".repeat(10_000) + "\n");
        Files.writeString(workspace.resolve("dedupe/contacts.yaml"), "lol: " + laughs() + "\n");
        Files.write(workspace.resolve("connectors/hubspot.yaml"), new byte[] {'t', 'y', 'p', 'e', ':', ' ', (byte) 0xFF, '\n'});
        try {
            Cli.Result result = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> Cli.run("validate", "--workspace", workspace.toString()));

            assertThat(result.exitCode()).isEqualTo(1);
            List<String> lines = result.err().lines().toList();
            assertThat(lines.get(0)).startsWith("Workspace " + workspace + " has ");
            assertThat(lines.get(lines.size() - 1)).isEqualTo("Fix them and run `middlemile validate` again; nothing was started.");
            assertThat(lines.subList(1, lines.size() - 1)).isNotEmpty().allSatisfy(line -> {
                assertThat(line).startsWith("  ").matches("  " + ERROR_LINE.pattern());
                assertThat(line).doesNotContainPattern(JAVA_INTERNALS);
            });
            assertThat(result.err()).contains("mappings/legacy-contacts.yaml:1: ", "dedupe/contacts.yaml:1: ", "connectors/hubspot.yaml:1: ");
        } finally {
            for (String file : List.of("mappings/legacy-contacts.yaml", "dedupe/contacts.yaml", "connectors/hubspot.yaml")) {
                Files.write(workspace.resolve(file), ORIGINALS.get(file));
            }
        }
    }

    /** A named case: the first occurrence of {@code find} in the file replaced by {@code replace}. */
    private static Case named(String file, String find, String replace) {
        String text = new String(ORIGINALS.get(file), StandardCharsets.UTF_8);
        int at = text.indexOf(find);
        assertThat(at).as("%s contains %s", file, find).isNotNegative();
        int from = text.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
        int to = from + find.getBytes(StandardCharsets.UTF_8).length;
        String shown = replace.length() > 80 ? replace.substring(0, 80) + "..." : replace;
        return new Case(-1, 0, file, List.of(new Mutator.Edit(from, to, replace.getBytes(StandardCharsets.UTF_8),
                "replaced by " + shown.replace("\n", "\\n"))));
    }

    /** 1-based line of the damaged file on which {@code text} first occurs. */
    private static int lineOf(Case damage, String text) {
        String damaged = new String(Mutator.Edit.applyAll(ORIGINALS.get(damage.file), damage.edits), StandardCharsets.UTF_8);
        int at = damaged.indexOf(text);
        assertThat(at).as("damaged %s contains %s", damage.file, text).isNotNegative();
        return (int) damaged.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    /** Runs the common checks of a named case and returns its errors, which must not be empty. */
    private static List<ValidationError> checkNamed(Case damage, Duration within) throws IOException {
        Path file = workspace.resolve(damage.file);
        Files.write(file, Mutator.Edit.applyAll(ORIGINALS.get(damage.file), damage.edits));
        try {
            Map<String, byte[]> before = snapshot(workspace);
            WorkspaceLoader.Result result = loadWithin(within, damage.toString());
            assertUnchanged(before, damage.toString());
            assertClearErrors(result.errors(), damage.toString());
            assertThat(result.valid()).as("%s must not validate", damage).isFalse();
            return result.errors();
        } finally {
            Files.write(file, ORIGINALS.get(damage.file));
        }
    }

    // ---------------------------------------------------------------- the checks every case gets

    private static WorkspaceLoader.Result load() {
        // the loader `middlemile validate` uses, with a fixed (empty) environment so results do not depend on the machine
        return new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(workspace);
    }

    /** Loads on a separate thread (a smaller stack than main, so deep recursion shows), failing with the case on anything thrown. */
    private static WorkspaceLoader.Result loadWithin(Duration limit, String damage) {
        Throwable[] thrown = new Throwable[1];
        WorkspaceLoader.Result result = assertTimeoutPreemptively(limit, () -> {
            try {
                return load();
            } catch (Throwable e) { // StackOverflowError and OutOfMemoryError included: nothing may escape
                thrown[0] = e;
                return null;
            }
        }, () -> damage + ": validation did not finish within " + limit.toMillis() + " ms");
        if (thrown[0] != null) {
            fail(damage + ": validation threw instead of reporting an error", thrown[0]);
        }
        return result;
    }

    private static void assertClearErrors(List<ValidationError> errors, String damage) {
        for (ValidationError error : errors) {
            String line = error.toString();
            String context = damage + "\n  error: " + abbreviate(line);
            assertThat(ORIGINALS).as("%s\n  names a workspace file", context).containsKey(error.file());
            Matcher matcher = ERROR_LINE.matcher(line);
            assertThat(matcher.matches()).as("%s\n  is one line in the file:line: field.path: message style", context).isTrue();
            assertThat(matcher.group("file")).as(context).isEqualTo(error.file());
            assertThat(error.line()).as("%s\n  line within the file", context).isBetween(0, lineCount(error.file()) + 1);
            if (error.message().startsWith("YAML syntax error")) {
                assertThat(error.line()).as("%s\n  a syntax error has the parser's line", context).isPositive();
            }
            assertThat(error.message()).as(context).isNotBlank();
            assertThat(line).as("%s\n  has no Java internals", context).doesNotContainPattern(JAVA_INTERNALS);
            assertThat(line.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'))
                    .as("%s\n  has no control characters", context).isTrue();
            assertThat(line.length()).as("%s\n  stays short", context).isLessThan(MAX_MESSAGE_CHARS + 300);
        }
    }

    /** Line breaks as YAML counts them (LF, CRLF, CR, NEL, LS, PS) in the file as it is now. */
    private static int lineCount(String file) {
        try {
            String text = new String(Files.readAllBytes(workspace.resolve(file)), StandardCharsets.UTF_8).replace("\r\n", "\n");
            return (int) text.chars().filter(c -> c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029').count() + 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertUnchanged(Map<String, byte[]> before, String damage) throws IOException {
        Map<String, byte[]> after = snapshot(workspace);
        assertThat(after.keySet()).as("%s: validation created or deleted files", damage).isEqualTo(before.keySet());
        for (Map.Entry<String, byte[]> file : before.entrySet()) {
            assertThat(after.get(file.getKey())).as("%s: validation changed %s", damage, file.getKey()).isEqualTo(file.getValue());
        }
    }

    /** Every file under {@code root} (samples and any state folder included), relative path to bytes. */
    static Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "... (" + text.length() + " characters)";
    }
}
