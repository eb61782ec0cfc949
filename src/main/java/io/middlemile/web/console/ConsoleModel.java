package io.middlemile.web.console;

import io.middlemile.govern.RunStoppedException;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import io.middlemile.web.BadParameters;
import io.middlemile.web.Callers;
import io.middlemile.web.JobBoard;
import io.middlemile.web.KillSwitchControl;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page shows (who is signed in and whether they may act, the kill switch, how many writes wait for
 * review) and how the console answers a request it cannot carry out: a page that says what happened and what to do,
 * where the REST API answers JSON ({@code io.middlemile.web.HttpErrors}).
 */
// before the API's advice, which would answer these pages' errors in JSON
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleModel {

    private static final Times TIMES = new Times();

    private final KillSwitchControl killSwitch;
    private final ReviewStore reviews;

    ConsoleModel(KillSwitchControl killSwitch, ReviewStore reviews) {
        this.killSwitch = killSwitch;
        this.reviews = reviews;
    }

    @ModelAttribute
    void everyPage(Model model, Authentication caller) {
        model.addAttribute("times", TIMES);
        if (caller != null && caller.isAuthenticated()) {
            model.addAttribute("caller", caller.getName());
            model.addAttribute("operator", Callers.operator(caller));
            model.addAttribute("killSwitch", killSwitch.state());
            model.addAttribute("pendingReviews", reviews.count(ReviewItem.Status.PENDING));
        }
    }

    @ExceptionHandler(JobBoard.NoSuchJobException.class)
    ModelAndView noSuchJob(JobBoard.NoSuchJobException e) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(io.middlemile.govern.UnknownRunException.class)
    ModelAndView unknownRun(io.middlemile.govern.UnknownRunException e) {
        return noSuchRun(e.runId());
    }

    /** A review item that does not exist (an old link, a typo): 404 as the REST API answers it. */
    @ExceptionHandler(io.middlemile.govern.UnknownReviewException.class)
    ModelAndView unknownReview(io.middlemile.govern.UnknownReviewException e) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** Decided already, or the job's lock busy, where a page does not say so itself: 409 as the REST API answers it. */
    @ExceptionHandler({io.middlemile.govern.AlreadyDecidedException.class, io.middlemile.govern.LockHeldException.class})
    ModelAndView conflict(RuntimeException e) {
        return problem(HttpStatus.CONFLICT, e.getMessage());
    }

    /** A request the console cannot carry out as asked (an unknown outcome, a value out of range, ...). */
    @ExceptionHandler({IllegalArgumentException.class, IllegalStateException.class})
    ModelAndView refused(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** An address with a word where a number goes (/console/runs/abc), a form value of the wrong kind. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView wrongType(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, BadParameters.wrongType(e));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ModelAndView missing(MissingServletRequestParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, BadParameters.missing(e));
    }

    /** An approval or rollback stopped by the kill switch, a cap, a provider's quota or failure. */
    @ExceptionHandler(RunStoppedException.class)
    ModelAndView stopped(RunStoppedException e) {
        return problem(HttpStatus.CONFLICT, e.getMessage());
    }

    static ModelAndView noSuchRun(long id) {
        return problem(HttpStatus.NOT_FOUND, "There is no run " + id + " in the state store; the overview links each job's last run.");
    }

    static ModelAndView problem(HttpStatus status, String message) {
        ModelAndView page = new ModelAndView("console/problem", status);
        page.addObject("status", status.value());
        page.addObject("message", message);
        return page;
    }
}
