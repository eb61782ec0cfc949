package io.middlemile.cli;

import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code middlemile review list|show|approve|reject}: the writes a policy parked for a person. */
@Command(name = "review", description = "Writes waiting for a person: list, show, approve or reject them.",
        subcommands = {ReviewCommand.ListItems.class, ReviewCommand.Show.class, ReviewCommand.Approve.class, ReviewCommand.Reject.class})
class ReviewCommand {

    @Command(name = "list", description = "List pending review items (--all for every status).")
    static class ListItems implements Callable<Integer> {
        @Mixin
        WorkspaceOption workspace;

        @Option(names = "--all", description = "include decided and expired items")
        boolean all;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace.resolve())) {
                ReviewStore reviews = engine.getBean(ReviewStore.class);
                reviews.expire();
                List<ReviewItem> items = reviews.list(all ? null : ReviewItem.Status.PENDING);
                if (items.isEmpty()) {
                    System.out.println(all ? "The review queue is empty." : "Nothing is waiting for review (no write, send or spend).");
                    return 0;
                }
                // columns as wide as their longest value, so a long job or record name does not push the rest out of line
                int job = Math.max(3, items.stream().mapToInt(item -> item.job().length()).max().orElse(0));
                int target = Math.max(6, items.stream().mapToInt(item -> target(item).length()).max().orElse(0));
                String row = "%-6s %-9s %-" + job + "s %-" + target + "s %-8s %s%n";
                System.out.printf(row, "ID", "STATUS", "JOB", "TARGET", "ACTION", "FIELDS");
                for (ReviewItem item : items) {
                    System.out.printf(row, item.id(), item.status().wire() + (item.approvalUnderWay() == null ? "" : "*"), item.job(),
                            target(item), item.action(), what(item));
                }
                items.stream().filter(item -> item.approvalUnderWay() != null).forEach(item -> System.out.printf(
                        "* #%d: %s began approving it and the decision is not recorded yet; `middlemile review show %d` says what to"
                                + " do if that approval stopped midway.%n", item.id(), item.approvingBy(), item.id()));
                return 0;
            }
        }
    }

    private static String target(ReviewItem item) {
        return item.connection() + "/" + item.object() + "/" + item.recordKey();
    }

    /** The fields a parked write sets; for a lookup, the values it buys and the most it may cost. */
    static String what(ReviewItem item) {
        return item.what();
    }

    @Command(name = "show", description = "Show one review item: the rule that parked it and each field's before and after.")
    static class Show implements Callable<Integer> {
        @Mixin
        WorkspaceOption workspace;

        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace.resolve())) {
                ReviewItem item = engine.getBean(ReviewStore.class).find(id).orElse(null);
                if (item == null) {
                    System.err.println("There is no review item #" + id + "; `middlemile review list` shows them");
                    return 1;
                }
                System.out.printf("Review #%d: %s of %s/%s/%s, %s%n", item.id(), item.action(), item.connection(), item.object(),
                        item.recordKey(), item.status().wire());
                System.out.printf("  parked by run %d of job %s at %s, expires %s%n", item.runId(), item.job(), item.createdAt(),
                        item.expiresAt());
                System.out.println("  rule: " + item.rule());
                if (item.actor() != null) {
                    System.out.println("  actor: " + item.actor());
                }
                if (item.reason() != null) {
                    System.out.println("  why:  " + item.reason());
                }
                item.after().forEach((field, value) -> System.out.printf("  %-24s %s  ->  %s%n", field,
                        item.before() == null || item.before().get(field) == null ? "(empty)" : item.before().get(field), value));
                if (item.decidedAt() != null) {
                    System.out.printf("  decided %s by %s%s%n", item.decidedAt(), item.decidedBy(), item.note() == null ? "" : ": " + item.note());
                }
                if (item.approvalUnderWay() != null) {
                    System.out.println("  approval: " + item.approvalUnderWay());
                }
                return 0;
            }
        }
    }

    /** What approving and rejecting share: the review id, an optional note, and an engine to act through. */
    abstract static class DecisionCommand implements Callable<Integer> {
        @Mixin
        WorkspaceOption workspace;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--note", paramLabel = "TEXT", description = "why, kept with the decision (`review show ID` prints it)")
        String note;

        abstract int decide(GovernedActions actions, String by);

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace.resolve())) {
                return decide(engine.getBean(GovernedActions.class), System.getProperty("user.name"));
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "approve", description = "Approve a parked write: it is made now, through the same write path.")
    static class Approve extends DecisionCommand {
        @Override
        int decide(GovernedActions actions, String by) {
            ActionReport report = actions.approve(id, by, note);
            ApplyCommand.print(System.out, report.conflicts().isEmpty() ? "Approved review #" + id
                    : "Review #" + id + " was NOT applied: the record changed since it was parked", report);
            return report.complete() ? 0 : 1;
        }
    }

    @Command(name = "reject", description = "Reject a parked write: nothing is written.")
    static class Reject extends DecisionCommand {
        @Override
        int decide(GovernedActions actions, String by) {
            actions.reject(id, by, note);
            System.out.println("Rejected review #" + id + "; nothing was written.");
            return 0;
        }
    }
}
