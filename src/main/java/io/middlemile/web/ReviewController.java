package io.middlemile.web;

import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.Map;

/** The review queue over HTTP: the same operations as `middlemile review`, through the same write path. */
@RestController
@RequestMapping("/api/reviews")
public class ReviewController {

    private final ReviewStore reviews;
    private final GovernedActions actions;

    public ReviewController(ReviewStore reviews, GovernedActions actions) {
        this.reviews = reviews;
        this.actions = actions;
    }

    /**
     * A decision and why. The decider is the caller's API token name, which the journal records; {@code by}
     * is optional and, when given, must be that name (it is not a way to decide in someone else's name). A field it does
     * not have is refused (the engine's JSON setting): a misspelt {@code "nte"} would leave the journal without the
     * caller's note.
     */
    public record ReviewDecision(String by, String note) {
    }

    /** {@code ?status=pending} (the default), any other review status, or {@code all}; an unknown status is a 400. */
    @GetMapping
    public List<ReviewItem> list(@RequestParam(defaultValue = "pending") String status) {
        ReviewItem.Status wanted = status.equals("all") ? null : ReviewItem.Status.fromWire(status);
        reviews.expire();
        return reviews.list(wanted);
    }

    @GetMapping("/{id}")
    public ResponseEntity<ReviewItem> show(@PathVariable long id) {
        return ResponseEntity.ok(reviews.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no review item #" + id + "; GET /api/reviews lists those waiting, ?status=all every one")));
    }

    @PostMapping("/{id}/approve")
    public ResponseEntity<ActionReport> approve(@PathVariable long id, @RequestBody(required = false) ReviewDecision decision,
                                                Authentication caller) {
        ActionReport report = actions.approve(id, by(decision, caller), note(decision));
        return ResponseEntity.status(report.conflicts().isEmpty() ? HttpStatus.OK : HttpStatus.CONFLICT).body(report);
    }

    @PostMapping("/{id}/reject")
    public Map<String, String> reject(@PathVariable long id, @RequestBody(required = false) ReviewDecision decision,
                                      Authentication caller) {
        actions.reject(id, by(decision, caller), note(decision));
        return Map.of("status", ReviewItem.Status.REJECTED.wire());
    }

    private static String by(ReviewDecision decision, Authentication caller) {
        String name = caller.getName();
        if (decision != null && decision.by() != null && !decision.by().isBlank() && !decision.by().equals(name)) {
            throw new IllegalArgumentException("\"by\": \"" + decision.by() + "\" is not the caller: this token is " + name
                    + "'s, and decisions are recorded under the token's name. Leave out \"by\", or use the token of the"
                    + " person deciding");
        }
        return name;
    }

    private static String note(ReviewDecision decision) {
        return decision == null ? null : decision.note();
    }
}
