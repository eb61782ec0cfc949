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
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code middlemile validate}: the start-up checks, without starting anything. */
@Command(name = "validate", description = "Check every workspace file (the same checks start-up runs); exit 1 on any problem."
        + " An environment variable a scheduled job needs that is not set here is a warning, an error with --env.")
class ValidateCommand implements Callable<Integer> {

    /**
     * What a check makes of an environment variable that a job starting by itself (so {@code middlemile run}) needs and
     * this environment does not set. The files can be right without it: CI holds no production secrets.
     */
    enum MissingVariables {
        /** A problem: the engine would not start here ({@code run}'s own check, {@code validate --env} on its host). */
        ERROR,
        /** Listed after the outcome, which it does not change ({@code validate} in CI). */
        WARNING,
        /** Not looked at: a command that calls no connection ({@code jobs}). */
        NOT_CHECKED
    }

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--env", description = "Also fail when an environment variable a scheduled job's connection needs is not set"
            + " here: a pre-flight on the host that runs the engine (`middlemile run` checks the same before it starts).")
    boolean environment;

    @Override
    public Integer call() {
        return validate(workspace.resolve(), environment ? MissingVariables.ERROR : MissingVariables.WARNING, System.out, System.err)
                ? 0 : 1;
    }

    /** As the engine's start-up checks them ({@code middlemile run}): a variable not set is a problem. */
    static boolean validate(Path root, PrintStream out, PrintStream err) {
        return validate(root, MissingVariables.ERROR, out, err);
    }

    /**
     * Prints the result; true when the workspace is valid. Rule sets whose owners are a CRM's users have their owner ids
     * checked against the copy in the state store (read by {@code assign owners NAME --refresh}); the CRM is not called.
     */
    static boolean validate(Path root, MissingVariables missing, PrintStream out, PrintStream err) {
        WorkspaceLoader loader = new WorkspaceLoader(CommandEnvironment.variables(), Transforms.CATALOG, Providers.CATALOG);
        if (missing == MissingVariables.NOT_CHECKED) {
            loader = loader.forJob(null); // the secrets of no route
        }
        // plain `validate` would not check the variables again
        String whatNext = "Fix them and run `middlemile validate" + (missing == MissingVariables.ERROR ? " --env" : "")
                + "` again; nothing was started.";
        WorkspaceLoader.Result plain = loader.load(root);
        boolean crmOwners = plain.workspace().assign().keySet().stream().anyMatch(name -> plain.workspace().ownersFrom(name) != null);
        boolean fine = missing == MissingVariables.ERROR ? plain.valid() : plain.fileErrors().isEmpty();
        if (!fine || !crmOwners) {
            return report(root, plain, missing, out, err, whatNext);
        }
        try (ConfigurableApplicationContext engine = EngineLauncher.storeOnly(root, OwnerCacheStore.class)) {
            io.middlemile.workspace.CrmOwners stored = OwnerSources.forValidation(engine.getBean(OwnerCacheStore.class));
            WorkspaceLoader.Result checked = loader.withCrmOwners(stored).load(root);
            boolean valid = report(root, checked, missing, out, err, whatNext);
            // listed owners' crmIds against the CRM users the store holds: a warning, as that copy may predate a new user
            io.middlemile.workspace.OwnerIdChecks.ownersTheCrmWouldRefuse(checked.workspace(), stored)
                    .forEach(warning -> err.println("Warning: " + warning));
            return valid;
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

    /** Prints the outcome of loading a workspace, as `validate --env` does; whether it is valid. */
    static boolean report(Path root, WorkspaceLoader.Result result, PrintStream out, PrintStream err, String whatNext) {
        return report(root, result, MissingVariables.ERROR, out, err, whatNext);
    }

    private static boolean report(Path root, WorkspaceLoader.Result result, MissingVariables missing, PrintStream out, PrintStream err,
                                  String whatNext) {
        List<ValidationError> errors = missing == MissingVariables.ERROR ? result.errors() : result.fileErrors();
        List<String> problems = new java.util.ArrayList<>(errors.stream().map(ValidationError::toString).toList());
        if (errors.isEmpty()) {
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
            warnMissing(result, missing, err);
            return true;
        }
        err.printf("Workspace %s has %d problem(s):%n", root, problems.size());
        problems.forEach(problem -> err.println("  " + problem));
        err.println(whatNext);
        warnMissing(result, missing, err);
        return false;
    }

    /** The variables not set here, which a check in CI lists without failing: the engine's host must set them. Names only. */
    private static void warnMissing(WorkspaceLoader.Result result, MissingVariables missing, PrintStream err) {
        if (missing != MissingVariables.WARNING || result.missingVariables().isEmpty()) {
            return;
        }
        err.println("Warning: environment variables that scheduled jobs' connections need are not set here; this does not fail"
                + " `validate`:");
        result.missingVariables().forEach(variable -> err.println("  " + variable));
        err.println("`middlemile run`, and `middlemile job run` of a job that uses the connection, refuse to start until they are"
                + " set; `middlemile validate --env` on the engine's host checks them.");
    }
}
