package io.middlemile.web;

import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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

    /** A decision: who decides and why. */
    public record Decision(String by, String note) {
    }

    @GetMapping
    public List<ReviewItem> list(@RequestParam(defaultValue = "pending") String status) {
        reviews.expire();
        return reviews.list(status.equals("all") ? null : status);
    }

    @GetMapping("/{id}")
    public ResponseEntity<ReviewItem> show(@PathVariable long id) {
        return ResponseEntity.of(reviews.find(id));
    }

    @PostMapping("/{id}/approve")
    public ResponseEntity<ActionReport> approve(@PathVariable long id, @RequestBody Decision decision) {
        ActionReport report = actions.approve(id, by(decision), decision.note());
        return ResponseEntity.status(report.conflicts().isEmpty() ? HttpStatus.OK : HttpStatus.CONFLICT).body(report);
    }

    @PostMapping("/{id}/reject")
    public Map<String, String> reject(@PathVariable long id, @RequestBody Decision decision) {
        actions.reject(id, by(decision), decision.note());
        return Map.of("status", "rejected");
    }

    private static String by(Decision decision) {
        if (decision == null || decision.by() == null || decision.by().isBlank()) {
            throw new IllegalArgumentException("say who decides: {\"by\": \"your name\", \"note\": \"why\"}");
        }
        return decision.by();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
