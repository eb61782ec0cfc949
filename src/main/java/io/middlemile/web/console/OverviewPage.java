package io.middlemile.web.console;

import io.middlemile.web.FailedRecordsRetry;
import io.middlemile.web.JobBoard;
import io.middlemile.web.JobTriggers;
import io.middlemile.web.RunProgress;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The overview: every job, whether it runs on its schedule here, its last run, and what waits for a retry; "run now" and "retry failed". */
@Controller
class OverviewPage {

    /** How often a page showing a run in progress reloads itself. */
    static final int REFRESH_SECONDS = 5;

    private final JobBoard board;
    private final JobTriggers triggers;
    private final FailedRecordsRetry retry;
    private final RunProgress progress;

    OverviewPage(JobBoard board, JobTriggers triggers, FailedRecordsRetry retry, RunProgress progress) {
        this.board = board;
        this.triggers = triggers;
        this.retry = retry;
        this.progress = progress;
    }

    /** @param live whether the page reloads itself while a job runs */
    @GetMapping({"/console", "/console/"})
    String overview(Model model, @RequestParam(defaultValue = "true") boolean live) {
        List<JobBoard.Job> jobs = board.jobs();
        Map<String, RunProgress.Progress> running = new HashMap<>();
        jobs.stream().filter(job -> job.lastRun() != null && job.lastRun().status().equals("running"))
                .forEach(job -> running.put(job.name(), progress.of(job.lastRun())));
        model.addAttribute("jobs", jobs);
        model.addAttribute("progress", running);
        if (!running.isEmpty() && live) {
            model.addAttribute("refreshSeconds", REFRESH_SECONDS);
        }
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
