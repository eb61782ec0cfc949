package io.middlemile.cli;

import io.middlemile.assign.OwnerSources;
import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.store.OwnerCacheStore;
import io.middlemile.workspace.ValidationError;
import io.middlemile.workspace.WorkspaceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code middlemile validate}: the start-up checks, without starting anything. */
@Command(name = "validate", description = "Check every workspace file (the same checks start-up runs); exit 1 on any problem.")
class ValidateCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Override
    public Integer call() {
        return validate(workspace.resolve(), System.out, System.err) ? 0 : 1;
    }

    /**
     * Prints the result; true when the workspace is valid. Rule sets whose owners are a CRM's users have their owner ids
     * checked against the copy in the state store (read by {@code assign owners NAME --refresh}); the CRM is not called.
     */
    static boolean validate(Path root, PrintStream out, PrintStream err) {
        WorkspaceLoader loader = new WorkspaceLoader(CommandEnvironment.variables(), Transforms.CATALOG, Providers.CATALOG);
        String whatNext = "Fix them and run `middlemile validate` again; nothing was started.";
        WorkspaceLoader.Result plain = loader.load(root);
        boolean crmOwners = plain.workspace().assign().keySet().stream().anyMatch(name -> plain.workspace().ownersFrom(name) != null);
        if (!plain.valid() || !crmOwners) {
            return report(root, plain, out, err, whatNext);
        }
        try (ConfigurableApplicationContext engine = EngineLauncher.storeOnly(root, OwnerCacheStore.class)) {
            WorkspaceLoader withStore = loader.withCrmOwners(OwnerSources.forValidation(engine.getBean(OwnerCacheStore.class)));
            return report(root, withStore.load(root), out, err, whatNext);
        }
    }

    /** Validates for running one job: only that job's connections need their environment variables. */
    static boolean validate(Path root, String job, PrintStream out, PrintStream err) {
        return validate(root, job, CommandEnvironment.variables(), out, err);
    }

    /** As {@link #validate(Path, String, PrintStream, PrintStream)}, with secrets resolved in {@code environment}. */
    static boolean validate(Path root, String job, java.util.Map<String, String> environment, PrintStream out, PrintStream err) {
        return validate(root, out, err, new WorkspaceLoader(environment, Transforms.CATALOG, Providers.CATALOG).forJob(job),
                "Fix them and run `middlemile job run " + job + "` again; nothing was started.");
    }

    private static boolean validate(Path root, PrintStream out, PrintStream err, WorkspaceLoader loader, String whatNext) {
        return report(root, loader.load(root), out, err, whatNext);
    }

    /** Prints the outcome of loading a workspace, as `validate` does; whether it is valid. */
    static boolean report(Path root, WorkspaceLoader.Result result, PrintStream out, PrintStream err, String whatNext) {
        List<String> problems = new java.util.ArrayList<>(result.errors().stream().map(ValidationError::toString).toList());
        if (result.valid()) {
            // what the dedupe engine refuses in a rule file the workspace checks let through
            result.workspace().dedupe().values().stream().map(DedupeRunner::ruleProblem).filter(java.util.Objects::nonNull)
                    .forEach(problems::add);
        }
        if (problems.isEmpty()) {
            int ruleSets = result.workspace().assign().size();
            int waterfalls = result.workspace().enrich().size();
            int hygiene = result.workspace().hygiene().size();
            int outreach = result.workspace().outreach().size();
            // outreach files are named only where there are some, so workspaces without them read as before
            out.printf("Workspace %s is valid: %d connections, %d mappings, %d jobs, %d dedupe rules, %d assignment rule %s, %d %s,"
                            + " %d hygiene %s%s.%n",
                    root, result.workspace().connectors().size(), result.workspace().mappings().size(),
                    result.workspace().routes().size(), result.workspace().dedupe().size(), ruleSets, ruleSets == 1 ? "set" : "sets",
                    waterfalls, waterfalls == 1 ? "waterfall" : "waterfalls", hygiene, hygiene == 1 ? "file" : "files",
                    outreach == 0 ? "" : ", " + outreach + " outreach " + (outreach == 1 ? "file" : "files"));
            return true;
        }
        err.printf("Workspace %s has %d problem(s):%n", root, problems.size());
        problems.forEach(problem -> err.println("  " + problem));
        err.println(whatNext);
        return false;
    }
}
