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

    /**
     * Something the request names does not exist: a hygiene file, a run, a review item, a job, a dedupe rule. The message
     * names what does.
     */
    @ExceptionHandler({QualityBoard.NoSuchHygieneException.class, io.middlemile.govern.UnknownRunException.class,
            io.middlemile.govern.UnknownReviewException.class, JobBoard.NoSuchJobException.class,
            io.middlemile.match.UnknownRuleException.class})
    ResponseEntity<Map<String, String>> notFound(RuntimeException e) {
        return answer(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /**
     * The request meets a state that rules it out, and nothing was done: a run rolled back already with nothing left to
     * undo, a review item decided before (a double click, a second operator), a job lock another approval, rejection or
     * rollback held past the wait (the same request goes through once that one ended), a match index not built yet (the
     * message says which command builds it).
     */
    @ExceptionHandler({io.middlemile.govern.AlreadyRolledBackException.class, io.middlemile.govern.AlreadyDecidedException.class,
            io.middlemile.govern.LockHeldException.class, io.middlemile.match.IndexNotBuiltException.class})
    ResponseEntity<Map<String, String>> conflict(RuntimeException e) {
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
