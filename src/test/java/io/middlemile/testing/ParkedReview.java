package io.middlemile.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled workspace with one write parked for review: a policy sends jobtitle updates of the
 * clean-contacts target to review, the import runs, then a source title changes and the import runs
 * again. The route's schedule is pushed out an hour so a served engine does not run it by itself.
 */
public final class ParkedReview {

    private ParkedReview() {
    }

    public static void prepare(Path workspace) throws IOException {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        Path connector = workspace.resolve("connectors/clean-contacts.yaml");
        Files.writeString(connector, Files.readString(connector)
                + "policy:\n  rules:\n    - {field: jobtitle, action: update, decision: review}\n");
        Path route = workspace.resolve("routes/import-contacts.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("delay: 3600000", "delay: 3600000\n        initialDelay: 3600000"));
        String ws = workspace.toString();
        Cli.Result imported = Cli.run("job", "run", "import-contacts", "--workspace", ws);
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
        Path input = workspace.resolve("samples/contacts.csv");
        Files.writeString(input, Files.readString(input).replace("Head of Marketing", "VP Marketing"));
        Cli.Result parked = Cli.run("job", "run", "import-contacts", "--workspace", ws);
        assertThat(parked.exitCode()).as(parked.out() + parked.err()).isZero();
    }
}
