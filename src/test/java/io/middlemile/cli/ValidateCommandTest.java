package io.middlemile.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code middlemile validate} in-process: exit code and what the admin reads. */
class ValidateCommandTest {

    private static final Path WORKSPACES = Path.of(System.getProperty("user.dir"), "src", "test", "resources", "workspaces");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void theBundledWorkspaceIsValid() {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();

        int exit = Main.execute("validate", "--workspace", root.toString());

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Workspace " + root
                + " is valid: 4 connections, 9 mappings, 1 jobs, 1 dedupe rules." + System.lineSeparator());
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aBrokenWorkspaceExitsWithOneAndListsEveryErrorWithFileAndLine(@TempDir Path workspace) throws IOException {
        // the "many mistakes" golden case: it does not depend on environment variables
        copyTree(WORKSPACES.resolve("base"), workspace);
        copyTree(WORKSPACES.resolve("broken/many-mistakes-in-many-files"), workspace);
        Files.delete(workspace.resolve("expected.txt"));
        Path root = workspace.toAbsolutePath().normalize();

        int exit = Main.execute("validate", "--workspace", root.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).containsExactly(
                "Workspace " + root + " has 8 problem(s):",
                "  connectors/clean-contacts.yaml:5: csv.delimter: unknown field \"delimter\"; expected one of [delimiter, encoding, file]; check the spelling",
                "  dedupe/contacts.yaml:7: comparisons[0].method: unknown method \"fuzzy\"; expected one of [company-name, domain, email, exact, first-name, jaro-winkler, last-name, levenshtein, linkedin, phone]",
                "  dedupe/contacts.yaml:10: thresholds.review: expected a number, found a list",
                "  mappings/legacy-contacts.yaml:10: fields[2].canonical: \"surname\" is not a canonical person field; expected one of [city, companyDomain, companyName, country, createdAt, department, email, emailKey, firstName, fullName, lastName, leadSource, leadStatus, lifecycleStage, linkedinUrl, middleName, mobilePhone, nameSuffix, ownerEmail, phone, phoneExtension, postalCode, region, secondaryEmails, seniority, street, title, updatedAt]",
                "  mappings/legacy-contacts.yaml:13: fields[3].source: \"Phone Number\" is not a field of legacy-crm-export/contacts; expected one of [Record ID, First Name, Last Name, Email, Phone, Company, Website, Job Title, Country, Last Modified] (declare new fields in connectors/legacy-crm-export.yaml)",
                "  mappings/legacy-contacts.yaml:16: fields[4].direction: must be both, in or out (found \"inward\")",
                "  routes/import-contacts.camel.yaml:2: [0].route.id: \"Import_Contacts\" is not a valid job name; use lowercase letters, digits and dashes, e.g. import-contacts",
                "  routes/import-contacts.camel.yaml:7: [0].route.from.steps[1].to: unknown mapping \"clean-contact\" in hub-map:clean-contact?direction=out; expected one of [clean-contacts, hubspot-contacts, legacy-contacts] (files in mappings/)",
                "Fix them and run `middlemile validate` again; nothing was started.");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
