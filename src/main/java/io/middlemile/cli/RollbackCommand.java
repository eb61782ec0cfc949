package io.middlemile.cli;

import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import io.middlemile.govern.AlreadyRolledBackException;
import io.middlemile.govern.UnknownRunException;
import io.middlemile.govern.WithdrawalPreview;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.middlemile.govern.Actor;
import io.middlemile.outreach.CampaignRemoval;
import io.middlemile.store.OutreachSendStore;

import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code middlemile rollback RUN_ID [--plan] [--remove-from-campaign]}: undo a run's writes from the journal's
 * before-images, list its sends (which cannot be unsent) and, when asked, take its leads out of their campaigns; or
 * {@code middlemile rollback --actor agent:NAME --since 2h [--plan]}: everything one actor did in a time window.
 */
@Command(name = "rollback", description = "Revert the writes of a run (RUN_ID), or of one actor since a time (--actor agent:NAME --since 2h),"
        + " from the journal: fields changed since are reported, not overwritten.")
class RollbackCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(paramLabel = "RUN_ID", arity = "0..1")
    Long runId;

    @Option(names = "--actor", paramLabel = "KIND:NAME", description = "whose writes to undo, e.g. agent:hygiene-bot")
    String actor;

    @Option(names = "--since", paramLabel = "AGE", description = "with --actor: how far back, e.g. 30m, 2h or 1d")
    String since;

    @Option(names = "--plan", description = "only show what would be restored")
    boolean plan;

    @Option(names = "--remove-from-campaign", description = "also take the leads the run enrolled out of their Instantly campaigns"
            + " (their sequence stops; what was sent stays sent); with --plan, list them")
    boolean removeFromCampaign;

    @Override
    public Integer call() {
        if ((runId == null) == (actor == null)) {
            System.err.println("Give either a RUN_ID or --actor KIND:NAME --since AGE (e.g. --actor agent:hygiene-bot --since 2h)");
            return 2;
        }
        if (actor != null) {
            if (removeFromCampaign) {
                System.err.println("--remove-from-campaign takes the leads of one run out of their campaigns; give its RUN_ID instead of"
                        + " --actor (middlemile jobs lists the last runs)");
                return 2;
            }
            return byActor();
        }
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace.resolve())) {
            GovernedActions actions = engine.getBean(GovernedActions.class);
            CampaignRemoval removal = new CampaignRemoval(engine.getBean(OutreachSendStore.class), actions, Clock.systemUTC());
            List<CampaignRemoval.Sent> sends = removal.sends(runId);
            if (plan) {
                // the ledger lists the run's sends with what can be done about them; the journal's entries of them are not repeated
                Set<String> listed = sends.stream().map(sent -> sent.connection() + "/" + sent.recordKey()).collect(Collectors.toSet());
                List<GovernedActions.RollbackStep> steps = actions.rollbackPlan(runId).stream().filter(step -> !("send".equals(sendOf(step))
                        && listed.contains(step.connection() + "/" + step.key()))).toList();
                System.out.printf("Rolling back run %d would touch %d records:%n", runId, steps.size());
                print(steps);
                printWithdrawals("run " + runId, actions.rollbackWithdrawals(runId));
                printSends(sends, true);
                return 0;
            }
            int code = 0;
            try {
                ActionReport report = actions.rollback(runId);
                ApplyCommand.print(System.out, "Rolled back run " + runId, report);
                code = report.complete() ? 0 : 1;
            } catch (AlreadyRolledBackException e) {
                // what was asked for holds: the run is undone (its leads may still be taken out of their campaigns below)
                System.out.println(e.getMessage() + ".");
            }
            if (removeFromCampaign && sends.stream().anyMatch(CampaignRemoval.Sent::removable)) {
                CampaignRemoval.Removed removed = removal.remove(runId, Actor.person(System.getProperty("user.name", "cli")));
                System.out.printf("%nLeads of run %d taken out of their campaigns (run %d): %d removed, %d already gone at Instantly%n",
                        runId, removed.runId(), removed.removed(), removed.alreadyGone());
                removed.notRemoved().forEach(line -> System.out.println("  not removed: " + line));
                code = Math.max(code, removed.notRemoved().isEmpty() ? 0 : 1);
                sends = removal.sends(runId);
            }
            printSends(sends, false);
            return code;
        } catch (UnknownRunException e) {
            // the write path refuses it before planning or writing anything
            System.err.println(e.getMessage() + ". Nothing was rolled back.");
            return 1;
        }
    }

    /** The run's sends: they cannot be unsent; what can be done about each. */
    private void printSends(List<CampaignRemoval.Sent> sends, boolean planning) {
        if (sends.isEmpty()) {
            return;
        }
        System.out.printf("%nRun %d sent %d messages; a rollback cannot unsend them:%n", runId, sends.size());
        for (CampaignRemoval.Sent sent : sends) {
            System.out.printf("  %-8s %-45s %s (%s) at %s: %s%n", sent.channel(), sent.where(), sent.recordKey(), sent.person(),
                    sent.sentAt(), sent.note());
        }
        long removable = sends.stream().filter(CampaignRemoval.Sent::removable).count();
        if (removable > 0) {
            System.out.println(planning && removeFromCampaign
                    ? "  With --remove-from-campaign (without --plan) " + removable + " leads would be taken out of their campaigns,"
                    + " each a governed send (policy, caps, journal)."
                    : "  Add --remove-from-campaign to take " + removable + " leads out of their campaigns (their sequences stop).");
        }
    }

    /**
     * The reviews a rollback would withdraw (pending ones, and approved sends and lookups no run made yet): nothing of them is
     * made, and approving one later is refused. Worded by {@link WithdrawalPreview}, as the API's preview is.
     */
    private static void printWithdrawals(String of, List<io.middlemile.store.ReviewItem> withdrawals) {
        WithdrawalPreview preview = WithdrawalPreview.of(of, withdrawals);
        if (preview.items().isEmpty()) {
            return;
        }
        System.out.printf("%n%s:%n", preview.summary());
        for (WithdrawalPreview.Item item : preview.items()) {
            System.out.printf("  #%-6d %-8s %s/%s/%s %s%s%n", item.review(), item.action(), item.connection(), item.object(),
                    item.recordKey(), item.values(), item.state().equals("pending") ? "" : "  (" + item.state() + ")");
        }
    }

    private static Object sendOf(GovernedActions.RollbackStep step) {
        return step.problem() != null && step.problem().equals("a sent message cannot be unsent") ? "send" : null;
    }

    private static void print(List<GovernedActions.RollbackStep> steps) {
        for (GovernedActions.RollbackStep step : steps) {
            System.out.printf("  %-8s %s/%s/%s %s%s%n", step.action().wire(), step.connection(), step.object(), step.key(),
                    step.restore().isEmpty() ? "" : step.restore(), step.problem() == null ? "" : "  " + step.problem());
        }
    }

    private Integer byActor() {
        Actor who;
        try {
            who = Actor.parse(actor);
        } catch (IllegalArgumentException e) {
            System.err.println("--actor: " + e.getMessage());
            return 2;
        }
        if (since == null || !since.matches("\\d{1,6}[mhd]")) {
            System.err.println("--since " + (since == null ? "is required with --actor" : since + ": write minutes, hours or days")
                    + ", e.g. 30m, 2h or 1d");
            return 2;
        }
        long amount = Long.parseLong(since.substring(0, since.length() - 1));
        Duration age = switch (since.charAt(since.length() - 1)) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        Instant from = Instant.now().minus(age).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace.resolve())) {
            GovernedActions actions = engine.getBean(GovernedActions.class);
            io.middlemile.store.JournalStore journal = engine.getBean(io.middlemile.store.JournalStore.class);
            // asked of the journal alone: a plan reads every touched record back from its connection, and the rollback
            // below makes its own
            List<io.middlemile.store.ReviewItem> pending = actions.rollbackWithdrawals(who, from);
            if (pending.isEmpty()
                    && journal.ofActor(who.id(), from).stream().noneMatch(e -> e.result() == io.middlemile.store.JournalEntry.Result.APPLIED)) {
                // nothing to undo is no rollback run: a misspelt actor name recorded one of nothing and said "Rolled back"
                List<String> wrote = journal.actorsSince(from);
                System.out.printf("The journal holds no write by %s since %s, so there is nothing to roll back%s%n", who.id(), from,
                        wrote.isEmpty() ? "; nobody wrote since then." : ". Since then these wrote: " + String.join(", ", wrote)
                                + " (check the name, or give a longer --since).");
                return 0;
            }
            if (plan) {
                List<GovernedActions.RollbackStep> steps = actions.rollbackPlan(who, from);
                System.out.printf("Rolling back what %s did since %s would touch %d records:%n", who.id(), from, steps.size());
                print(steps);
                printWithdrawals(who.id() + " since " + from, pending);
                return 0;
            }
            ActionReport report = actions.rollback(who, from, System.getProperty("user.name"));
            ApplyCommand.print(System.out, "Rolled back what " + who.id() + " did since " + from, report);
            return report.complete() ? 0 : 1;
        } catch (AlreadyRolledBackException e) {
            System.out.println(e.getMessage() + ".");
            return 0;
        }
    }
}
