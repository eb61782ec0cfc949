package io.middlemile.web;

import io.middlemile.enrich.SpendReport;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.workspace.EnrichConfig;
import io.middlemile.workspace.Workspace;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Enrichment spend over HTTP, for scripts and the console: what {@code middlemile enrich report NAME} prints, per
 * provider and group. Reading is every token's ({@link WebSecurity}).
 */
@RestController
@RequestMapping("/api/enrich")
public class EnrichController {

    /** The report of one waterfall over a period. */
    public record Report(String waterfall, int days, SpendReport report) {
    }

    private final Workspace workspace;
    private final EnrichSpendStore spend;

    public EnrichController(Workspace workspace, EnrichSpendStore spend) {
        this.workspace = workspace;
        this.spend = spend;
    }

    @GetMapping
    public List<String> waterfalls() {
        return List.copyOf(workspace.enrich().keySet());
    }

    /** @param days how far back, 1 to 3,660 (default 30) */
    @GetMapping("/{waterfall}/report")
    public Report report(@PathVariable String waterfall, @RequestParam(defaultValue = "30") int days) {
        EnrichConfig config = workspace.enrich().get(waterfall);
        if (config == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no waterfall " + waterfall + "; waterfalls: "
                    + workspace.enrich().keySet());
        }
        if (days < 1 || days > 3_660) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "days must be between 1 and 3660");
        }
        List<EnrichSpendStore.Spend> rows = spend.since(waterfall, Instant.now().minus(Duration.ofDays(days)));
        return new Report(waterfall, days, SpendReport.of(rows, config.providerOrders()));
    }
}
