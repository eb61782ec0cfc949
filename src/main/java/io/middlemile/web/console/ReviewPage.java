package io.middlemile.web.console;

import io.middlemile.govern.ActionReport;
import io.middlemile.govern.AlreadyDecidedException;
import io.middlemile.govern.GovernedActions;
import io.middlemile.govern.LockHeldException;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;

/**
 * The review queue: each parked write with its before/after diff, and approve or reject, decided under the signed-in
 * token's name through the same write path as `middlemile review` and the REST API.
 */
@Controller
class ReviewPage {

    private final ReviewStore reviews;
    private final GovernedActions actions;

    ReviewPage(ReviewStore reviews, GovernedActions actions) {
        this.reviews = reviews;
        this.actions = actions;
    }

    /** A parked write and its fields, before and after. */
    record Parked(ReviewItem item, List<FieldDiff> fields) {
    }

    /** @param status pending (the default), approved, rejected, expired, conflict, withdrawn, or all */
    @GetMapping("/console/reviews")
    String queue(Model model, @RequestParam(defaultValue = "pending") String status) {
        ReviewItem.Status wanted = status.equals("all") ? null : ReviewItem.Status.fromWire(status);
        reviews.expire();
        model.addAttribute("status", status);
        model.addAttribute("statuses", java.util.Arrays.stream(ReviewItem.Status.values()).map(ReviewItem.Status::wire).toList());
        model.addAttribute("items", reviews.list(wanted).stream().map(item -> new Parked(item, FieldDiff.of(item.before(), item.after())))
                .toList());
        return "console/reviews";
    }

    @PostMapping("/console/reviews/{id}/approve")
    String approve(@PathVariable long id, @RequestParam(required = false) String note, Authentication caller, RedirectAttributes next) {
        ActionReport report;
        try {
            report = actions.approve(id, caller.getName(), blankToNull(note));
        } catch (AlreadyDecidedException | LockHeldException e) {
            return notDecided(e, next);
        }
        next.addFlashAttribute(report.conflicts().isEmpty() ? "notice" : "problem", "Review #" + id + " approved by " + caller.getName()
                + ": " + report.written() + " written, " + report.skipped() + " skipped" + (report.runId() == 0 ? ""
                : " in run " + report.runId()) + (report.conflicts().isEmpty() ? "." : "; not written, because the target changed: "
                + String.join("; ", report.conflicts())));
        if (report.runId() != 0) {
            next.addFlashAttribute("reportRun", report.runId());
        }
        return "redirect:/console/reviews";
    }

    @PostMapping("/console/reviews/{id}/reject")
    String reject(@PathVariable long id, @RequestParam(required = false) String note, Authentication caller, RedirectAttributes next) {
        try {
            actions.reject(id, caller.getName(), blankToNull(note));
        } catch (AlreadyDecidedException | LockHeldException e) {
            return notDecided(e, next);
        }
        next.addFlashAttribute("notice", "Review #" + id + " rejected by " + caller.getName() + ": nothing was written, and the same"
                + " change is not parked again while the source holds it.");
        return "redirect:/console/reviews";
    }

    /**
     * A double click, a second operator, or an approval of the same job's items still running: the queue again, saying so,
     * rather than an error page. Decided already is news, not a problem; a busy lock is one to retry.
     */
    private static String notDecided(RuntimeException e, RedirectAttributes next) {
        // decided a moment before is news; withdrawn (its run rolled back) is a refusal the person must read
        boolean news = e instanceof AlreadyDecidedException decided && decided.item().status() != ReviewItem.Status.WITHDRAWN;
        next.addFlashAttribute(news ? "notice" : "problem", e.getMessage() + ".");
        return "redirect:/console/reviews";
    }

    private static String blankToNull(String note) {
        return note == null || note.isBlank() ? null : note.strip();
    }
}
