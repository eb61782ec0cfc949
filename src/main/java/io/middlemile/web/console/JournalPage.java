package io.middlemile.web.console;

import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.web.JobBoard;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;

/**
 * A run's journal (every write with its before- and after-images and decision) and its rollback: first the preview,
 * what would be written back, archived or cannot be restored; then, once confirmed, the rollback itself, recorded
 * under the signed-in token's name.
 */
@Controller
class JournalPage {

    private final JobBoard board;
    private final JournalStore journal;
    private final GovernedActions actions;

    JournalPage(JobBoard board, JournalStore journal, GovernedActions actions) {
        this.board = board;
        this.journal = journal;
        this.actions = actions;
    }

    /** A journaled write and its fields, before and after. */
    record Write(JournalEntry entry, List<FieldDiff> fields) {
    }

    @GetMapping("/console/runs/{id}/journal")
    ModelAndView journal(@PathVariable long id) {
        return page(id, "console/journal").addObject("writes", journal.ofRun(id).stream()
                .map(entry -> new Write(entry, FieldDiff.of(entry.before(), entry.after()))).toList());
    }

    /** The preview only reads, so every token may see it; the form that rolls back is an operator's. */
    @GetMapping("/console/runs/{id}/rollback")
    ModelAndView preview(@PathVariable long id) {
        return page(id, "console/rollback").addObject("steps", actions.rollbackPlan(id))
                .addObject("withdrawals", io.middlemile.govern.WithdrawalPreview.of("run " + id, actions.rollbackWithdrawals(id)));
    }

    @PostMapping("/console/runs/{id}/rollback")
    String rollback(@PathVariable long id, @RequestParam(defaultValue = "false") boolean confirmed, Authentication caller,
                    RedirectAttributes next) {
        if (!confirmed) {
            next.addFlashAttribute("problem", "Nothing was rolled back: tick the box that confirms you read the preview, then roll back.");
            return "redirect:/console/runs/" + id + "/rollback";
        }
        ActionReport report;
        try {
            report = actions.rollback(id, caller.getName());
        } catch (io.middlemile.govern.AlreadyRolledBackException e) {
            // a second click, or a second operator: the run is undone already and nothing was recorded
            next.addFlashAttribute("notice", e.getMessage() + ".");
            return "redirect:/console/runs/" + id + "/journal";
        } catch (io.middlemile.govern.LockHeldException e) {
            // the same rollback still running (a long one), here or in another process: nothing was done, try again later
            next.addFlashAttribute("problem", e.getMessage() + ".");
            return "redirect:/console/runs/" + id + "/journal";
        }
        StringBuilder said = new StringBuilder("Run " + id + " rolled back by " + caller.getName() + ": " + report.written()
                + " written back, " + report.skipped() + " already as before");
        if (!report.conflicts().isEmpty()) {
            said.append("; left alone, because they changed since the run: ").append(String.join("; ", report.conflicts()));
        }
        if (!report.refused().isEmpty()) {
            said.append("; not restored: ").append(String.join("; ", report.refused()));
        }
        if (!report.notes().isEmpty()) {
            // the pending reviews it withdrew, the owner assignments it undid, the records it re-created
            said.append("; ").append(String.join("; ", report.notes()));
        }
        next.addFlashAttribute(report.conflicts().isEmpty() ? "notice" : "problem", said.append('.').toString());
        return "redirect:/console/runs/" + (report.runId() == 0 ? id : report.runId()) + "/journal";
    }

    private ModelAndView page(long id, String template) {
        JobBoard.Run run = board.run(id).orElse(null);
        if (run == null) {
            return ConsoleModel.noSuchRun(id);
        }
        return new ModelAndView(template).addObject("run", run);
    }
}
