package io.middlemile.web.console;

import io.middlemile.store.RunStore;
import io.middlemile.web.JobBoard;
import io.middlemile.web.RunProgress;
import io.middlemile.web.RunRecords;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** One run: its counts and status, its records of one outcome a page at a time with reasons and raw input, the job's other runs. */
@Controller
class RunPage {

    static final int PAGE_SIZE = 50;

    private final JobBoard board;
    private final RunRecords records;
    private final RunStore runs;
    private final RunProgress progress;

    RunPage(JobBoard board, RunRecords records, RunStore runs, RunProgress progress) {
        this.board = board;
        this.records = records;
        this.runs = runs;
        this.progress = progress;
    }

    /**
     * @param outcome written, skipped or rejected; by default the rejected records when there are any
     * @param live    whether the page reloads itself while the run runs (off for a person who reads it at their own pace)
     */
    @GetMapping("/console/runs/{id}")
    ModelAndView run(@PathVariable long id, @RequestParam(required = false) String outcome, @RequestParam(defaultValue = "1") int page,
                     @RequestParam(defaultValue = "true") boolean live) {
        JobBoard.Run run = board.run(id).orElse(null);
        if (run == null) {
            return ConsoleModel.noSuchRun(id);
        }
        String shown = outcome != null ? outcome : run.rejected() > 0 ? "rejected" : "written";
        long count = switch (shown) {
            case "written" -> run.written();
            case "skipped" -> run.skipped();
            default -> run.rejected();
        };
        int pages = (int) Math.max(1, (count + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = Math.max(1, Math.min(page, pages));
        ModelAndView view = new ModelAndView("console/run");
        view.addObject("run", run);
        view.addObject("outcome", shown);
        view.addObject("page", current);
        view.addObject("pages", pages);
        view.addObject("records", records.page(id, shown, (current - 1) * PAGE_SIZE, PAGE_SIZE).orElseThrow().records());
        view.addObject("history", board.runs(run.job(), 10));
        view.addObject("pendingRetries", runs.pendingRetries(run.job()).size());
        view.addObject("started", board.jobs().stream().anyMatch(job -> job.name().equals(run.job()) && job.started()));
        if (run.status().equals("running")) {
            view.addObject("progress", progress.of(run));
            view.addObject("refreshSeconds", live ? OverviewPage.REFRESH_SECONDS : null);
        }
        return view;
    }
}
