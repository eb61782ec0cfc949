package io.middlemile.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Data quality over HTTP, for scripts and the console: the measurements `middlemile quality report NAME` kept, per hygiene
 * file. Reading only, every token's ({@link WebSecurity}).
 */
@RestController
@RequestMapping("/api")
public class QualityController {

    private final QualityBoard quality;

    public QualityController(QualityBoard quality) {
        this.quality = quality;
    }

    /**
     * Each hygiene file's measurements of the last {@code days} days (1 to 3,660, default 90), oldest first; {@code
     * hygiene=NAME} for one file only.
     */
    @GetMapping("/quality/history")
    public List<QualityBoard.HygieneHistory> history(@RequestParam(defaultValue = "90") int days,
                                                     @RequestParam(required = false) String hygiene) {
        return hygiene == null ? quality.all(days) : List.of(quality.of(hygiene, days));
    }
}
