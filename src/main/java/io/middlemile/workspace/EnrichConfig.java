package io.middlemile.workspace;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import java.util.List;
import java.util.Map;

/**
 * A waterfall of {@code enrich/}: which values to find for a record, from which enrichment connections, in which
 * order, and what it may cost ({@code enrich/NAME.yaml}). The {@code enrich} package runs it; the loader checks it
 * here so a mistake is a {@code file:line} error before any credit is spent. The records refuse nothing
 * themselves, so every mistake of a file is reported at once.
 *
 * @param description optional: what the waterfall is for, shown to reviewers
 * @param entity      {@code person} or {@code company}: whose canonical fields the groups find
 * @param groups      the field groups, each with its own ordered providers; looked up in this order
 * @param order       {@code listed} (default): providers in the order written; {@code adaptive}: per record, cheapest
 *                    expected cost per hit first, learned from earlier runs, among the providers listed
 * @param refresh     true: look up values the record already has too (default false: never pay for a value it has)
 * @param credits     what one credit of each connection costs, in the budget's currency: how providers are compared
 *                    and how the budgets and the per-record ceiling add up credits of different vendors
 * @param budgets     the spending limits; absent: only the connections' own policy caps apply
 * @param cache       how long results are reused and personal data kept
 * @param pending     how long a run waits on asynchronous providers before it leaves records pending
 */
public record EnrichConfig(
        @JsonIgnoreId String id,
        String description,
        @NotBlank(message = "is required: person or company, whose fields the waterfall finds")
        @Pattern(regexp = "person|company", message = "must be person or company") String entity,
        @NotEmpty(message = "needs at least one group, e.g. - {name: work-email, fields: [email], providers: [{connection: fullenrich}]}")
        List<@Valid Group> groups,
        @Pattern(regexp = "listed|adaptive", message = "must be listed (the order written) or adaptive (cheapest expected cost per hit first)")
        String order,
        Boolean refresh,
        @NotEmpty(message = "is required: what one credit of each connection costs, e.g. credits: {fullenrich: 0.029, apollo: 0.025}")
        Map<String, @PositiveOrZero(message = "must be the cost of one credit, 0 or more") Double> credits,
        @Valid Budgets budgets,
        @Valid Cache cache,
        @Valid Pending pending) {

    public EnrichConfig withId(String newId) {
        return new EnrichConfig(newId, description, entity, groups, order, refresh, credits, budgets, cache, pending);
    }

    /** Per group, its provider connections in the order written (what reports compare other orders with). */
    public Map<String, List<String>> providerOrders() {
        Map<String, List<String>> orders = new java.util.LinkedHashMap<>();
        groups.forEach(group -> orders.put(group.name(), group.providers().stream().map(Step::connection).toList()));
        return orders;
    }

    public boolean adaptive() {
        return "adaptive".equals(order);
    }

    public boolean refreshes() {
        return Boolean.TRUE.equals(refresh);
    }

    /**
     * One field group: the values found together, and the providers asked in turn until one meets the stop rule.
     *
     * @param name      unique in the file; reports and provenance name it
     * @param fields    canonical fields of the entity this group finds, e.g. [email] or [title, seniority]
     * @param stopWhen  when a found value is good enough to stop asking (absent: any value)
     * @param providers in order
     */
    public record Group(
            @NotBlank(message = "is required: a short name for reports, e.g. work-email") String name,
            @NotEmpty(message = "needs the canonical fields this group finds, e.g. [email]") List<String> fields,
            @Valid StopWhen stopWhen,
            @NotEmpty(message = "needs at least one provider, e.g. - {connection: fullenrich}") List<@Valid Step> providers) {
    }

    /**
     * A found value ends its group when it has one of these verdicts, or at least this confidence; a value
     * meeting neither is kept (it beats nothing) and the next provider is asked.
     *
     * @param verification vendor verdicts that count as good, e.g. DELIVERABLE (FullEnrich), verified (Apollo)
     * @param minConfidence the vendor's confidence 0..1 that counts as good
     */
    public record StopWhen(List<String> verification,
                           @jakarta.validation.constraints.DecimalMin(value = "0", message = "must be between 0 and 1")
                           @jakarta.validation.constraints.DecimalMax(value = "1", message = "must be between 0 and 1")
                           Double minConfidence) {
    }

    /**
     * One provider of a group.
     *
     * @param connection an enrichment connection of {@code connectors/}
     * @param onlyIf     optional: canonical-field conditions with the mapping's when: operators, all must hold
     */
    public record Step(@NotBlank(message = "is required: the enrichment connection to ask, e.g. fullenrich") String connection,
                       List<@Valid Condition> onlyIf) {

        public Step {
            onlyIf = onlyIf == null ? List.of() : onlyIf;
        }
    }

    /**
     * Spending limits, in the currency of {@code credits:} unless said otherwise.
     *
     * @param perRecord the most one record may cost across all its groups
     * @param perRun    per run, all providers together
     * @param perDay    per UTC day, all providers and jobs together
     * @param perMonth  per UTC calendar month, likewise
     * @param providers per connection, in that connection's credits
     */
    public record Budgets(@Positive(message = "must be a positive cost per record") Double perRecord,
                          @Positive(message = "must be a positive cost per run") Double perRun,
                          @Positive(message = "must be a positive cost per day") Double perDay,
                          @Positive(message = "must be a positive cost per month") Double perMonth,
                          Map<String, @Valid Credits> providers) {

        public Budgets {
            providers = providers == null ? Map.of() : providers;
        }
    }

    /** A connection's limits in its own credits. */
    public record Credits(@Positive(message = "must be a positive number of credits") Double perRun,
                          @Positive(message = "must be a positive number of credits") Double perDay,
                          @Positive(message = "must be a positive number of credits") Double perMonth) {
    }

    /**
     * @param ttlDays       a result (hit or miss) is reused for this long instead of paying again (default 90)
     * @param retentionDays cached personal data is deleted after this long (default 180), whatever the TTL
     */
    public record Cache(@Positive(message = "must be a positive number of days") Integer ttlDays,
                        @Positive(message = "must be a positive number of days") Integer retentionDays) {
    }

    /** @param waitSeconds how long a run waits for asynchronous answers before it reports the records pending (default 120) */
    public record Pending(@PositiveOrZero(message = "must be a number of seconds, 0 or more") Integer waitSeconds) {
    }

    public int ttlDays() {
        return cache == null || cache.ttlDays() == null ? 90 : cache.ttlDays();
    }

    public int retentionDays() {
        return cache == null || cache.retentionDays() == null ? 180 : cache.retentionDays();
    }

    public int maxWaitSeconds() {
        return pending == null || pending.waitSeconds() == null ? 120 : pending.waitSeconds();
    }
}
