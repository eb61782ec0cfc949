package io.middlemile.web.console;

import io.middlemile.web.FailedRecordsRetry;
import io.middlemile.web.JobBoard;
import io.middlemile.web.JobTriggers;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The overview: every job, whether it runs on its schedule here, its last run, and what waits for a retry; "run now" and "retry failed". */
@Controller
class OverviewPage {

    private final JobBoard board;
    private final JobTriggers triggers;
    private final FailedRecordsRetry retry;

    OverviewPage(JobBoard board, JobTriggers triggers, FailedRecordsRetry retry) {
        this.board = board;
        this.triggers = triggers;
        this.retry = retry;
    }

    @GetMapping({"/console", "/console/"})
    String overview(Model model) {
        model.addAttribute("jobs", board.jobs());
        return "console/overview";
    }

    @PostMapping("/console/jobs/{name}/run")
    String runNow(@PathVariable String name, RedirectAttributes next) {
        board.route(name);
        if (triggers.trigger(name)) {
            next.addFlashAttribute("notice", "Job " + name + " runs now; its run shows here when it ends (reload the page).");
        } else {
            next.addFlashAttribute("problem", JobTriggers.notStarted(name, "job run") + ".");
        }
        return "redirect:/console";
    }

    @PostMapping("/console/jobs/{name}/retry-failed")
    String retryFailed(@PathVariable String name, RedirectAttributes next) {
        FailedRecordsRetry.Answer answer = retry.retry(name);
        next.addFlashAttribute(answer.status() == FailedRecordsRetry.Status.STARTED ? "notice" : "problem", answer.message());
        return "redirect:/console";
    }
}
