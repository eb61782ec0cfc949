package io.middlemile.web;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.middlemile.govern.RunOutcome;
import io.middlemile.govern.RunStoppedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;

import java.util.Map;

/**
 * Bad requests answered the same way on every endpoint: a 4xx whose {@code error} says what was wrong
 * with the request, never a stack trace and never a 500 for the caller's own mistake.
 */
@RestControllerAdvice
class HttpErrors {

    /** Refusals a controller words itself (an unknown waterfall, dedupe run or review item): the words reach the caller. */
    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Map<String, String>> refused(ResponseStatusException e) {
        return ResponseEntity.status(e.getStatusCode()).body(Map.of("error", e.getReason() == null
                ? "refused (" + e.getStatusCode().value() + ")" : e.getReason()));
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<Map<String, String>> tooLarge(BodyTooLargeException e) {
        return answer(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        if (e.getMostSpecificCause() instanceof MismatchedInputException mismatch) {
            return answer(HttpStatus.BAD_REQUEST, BadParameters.wrongBody(mismatch));
        }
        String why = String.valueOf(e.getMostSpecificCause().getMessage()).lines().findFirst().orElse("");
        if (why.startsWith("Required request body is missing")) {
            // Spring's words go on with the Java signature of the method that wanted it
            return answer(HttpStatus.BAD_REQUEST, "This endpoint takes a JSON body with Content-Type: application/json;"
                    + " none was sent.");
        }
        return answer(HttpStatus.BAD_REQUEST, "The request body could not be read as this endpoint's JSON: "
                + (why.length() > 200 ? why.substring(0, 200) + "..." : why));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, String>> wrongType(MethodArgumentTypeMismatchException e) {
        return answer(HttpStatus.BAD_REQUEST, BadParameters.wrongType(e));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, String>> missing(MissingServletRequestParameterException e) {
        return answer(HttpStatus.BAD_REQUEST, BadParameters.missing(e));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, String>> mediaType(HttpMediaTypeNotSupportedException e) {
        return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body as Content-Type: application/json");
    }

    @ExceptionHandler(QualityBoard.NoSuchHygieneException.class)
    ResponseEntity<Map<String, String>> noSuchHygiene(QualityBoard.NoSuchHygieneException e) {
        return answer(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(io.middlemile.govern.UnknownRunException.class)
    ResponseEntity<Map<String, String>> unknownRun(io.middlemile.govern.UnknownRunException e) {
        return answer(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** A rollback of a run an earlier rollback undid, with nothing left to undo: nothing was done. */
    @ExceptionHandler(io.middlemile.govern.AlreadyRolledBackException.class)
    ResponseEntity<Map<String, String>> alreadyRolledBack(io.middlemile.govern.AlreadyRolledBackException e) {
        return answer(HttpStatus.CONFLICT, e.getMessage());
    }

    /** An approval or rejection of a review item that does not exist, as {@code GET /api/reviews/{id}} answers it. */
    @ExceptionHandler(io.middlemile.govern.UnknownReviewException.class)
    ResponseEntity<Map<String, String>> unknownReview(io.middlemile.govern.UnknownReviewException e) {
        return answer(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** A decision on a review item someone decided before (a double click, a second operator): nothing was done. */
    @ExceptionHandler(io.middlemile.govern.AlreadyDecidedException.class)
    ResponseEntity<Map<String, String>> alreadyDecided(io.middlemile.govern.AlreadyDecidedException e) {
        return answer(HttpStatus.CONFLICT, e.getMessage());
    }

    /**
     * An approval, rejection or rollback that waited for its job's lock while another one of the same job ran, and gave up:
     * nothing was done, and the same request once that one ended goes through.
     */
    @ExceptionHandler(io.middlemile.govern.LockHeldException.class)
    ResponseEntity<Map<String, String>> lockHeld(io.middlemile.govern.LockHeldException e) {
        return answer(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(JobBoard.NoSuchJobException.class)
    ResponseEntity<Map<String, String>> noSuchJob(JobBoard.NoSuchJobException e) {
        return answer(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** A rule that does not exist: the answer names the rules that do. */
    @ExceptionHandler(io.middlemile.match.UnknownRuleException.class)
    ResponseEntity<Map<String, String>> unknownRule(io.middlemile.match.UnknownRuleException e) {
        return answer(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** The rule exists but its index does not yet (or no longer fits the rule): the answer says which command builds it. */
    @ExceptionHandler(io.middlemile.match.IndexNotBuiltException.class)
    ResponseEntity<Map<String, String>> indexNotBuilt(io.middlemile.match.IndexNotBuiltException e) {
        return answer(HttpStatus.CONFLICT, e.getMessage());
    }

    /** The index is loading after a start: 503 with Retry-After, so clients and proxies retry instead of hanging. */
    @ExceptionHandler(io.middlemile.match.IndexLoadingException.class)
    ResponseEntity<Map<String, String>> indexLoading(io.middlemile.match.IndexLoadingException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return answer(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /**
     * A write-path command stopped for a known reason: paused on a provider quota (503, with Retry-After
     * when the resume time is known), halted by the kill switch or a cap (409), or a provider failure (502).
     */
    @ExceptionHandler(RunStoppedException.class)
    ResponseEntity<Map<String, String>> stopped(RunStoppedException e) {
        RunOutcome outcome = e.outcome();
        return switch (outcome.status()) {
            case PAUSED -> {
                ResponseEntity.BodyBuilder builder = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE);
                if (outcome.resumeAt() != null) {
                    long seconds = Math.max(1, java.time.Duration.between(java.time.Instant.now(), outcome.resumeAt()).toSeconds());
                    builder.header("Retry-After", Long.toString(seconds));
                }
                yield builder.body(Map.of("error", e.getMessage(), "status", "paused"));
            }
            case HALTED -> ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage(), "status", "halted"));
            default -> ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", e.getMessage(), "status", "failed"));
        };
    }

    private static ResponseEntity<Map<String, String>> answer(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }
}
