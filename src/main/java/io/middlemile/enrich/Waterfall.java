package io.middlemile.enrich;

import io.middlemile.mapping.When;
import io.middlemile.model.Entity;
import io.middlemile.workspace.Condition;
import io.middlemile.workspace.EnrichConfig;

import java.util.List;
import java.util.Map;

/**
 * A waterfall file ({@code enrich/NAME.yaml}) compiled for running: its groups in order, each with its stop rule
 * and its providers with their conditions, the credit prices and the limits. Pure; validated by the workspace
 * loader before it gets here.
 */
public record Waterfall(String id, Entity entity, List<Group> groups, boolean refresh, boolean adaptive,
                        Map<String, Double> prices, Limits limits, int ttlDays, int retentionDays, int waitSeconds) {

    /** The inputs a provider may be given, per entity: what a record knows that identifies it. */
    static final Map<Entity, List<String>> INPUTS = Map.of(
            Entity.PERSON, List.of("firstName", "lastName", "email", "companyName", "companyDomain", "linkedinUrl", "country"),
            Entity.COMPANY, List.of("domain", "name", "linkedinUrl", "country"));

    /** One field group. */
    public record Group(String name, List<String> fields, StopRule stop, List<Step> steps) {
    }

    /** One provider of a group and the conditions under which it is asked. */
    public record Step(String connection, List<When> onlyIf) {

        /** Why the step does not apply to a record, or null when it does. */
        String notApplying(Map<String, Object> values) {
            for (When when : onlyIf) {
                When.Failed failed = when.failed(values.get(when.field()));
                if (failed != null) {
                    Condition c = when.condition();
                    return "onlyIf " + c.field() + " " + switch (failed) {
                        case NOT_EMPTY -> Boolean.TRUE.equals(c.notEmpty()) ? "is empty" : "is not empty";
                        case EQUALS -> "is not " + c.equals();
                        case IN -> "is not one of " + c.in();
                        case MATCHES -> "does not match " + c.matches();
                    };
                }
            }
            return null;
        }
    }

    public static Waterfall of(EnrichConfig config) {
        Entity entity = Entity.byId(config.entity()).orElseThrow(() -> new IllegalArgumentException(
                "enrich/" + config.id() + ".yaml: entity must be person or company"));
        List<Group> groups = config.groups().stream().map(g -> new Group(g.name(), List.copyOf(g.fields()), StopRule.of(g.stopWhen()),
                g.providers().stream().map(s -> new Step(s.connection(), s.onlyIf().stream().map(When::of).toList())).toList())).toList();
        return new Waterfall(config.id(), entity, groups, config.refreshes(), config.adaptive(), Map.copyOf(config.credits()),
                Limits.of(config.budgets()), config.ttlDays(), config.retentionDays(), config.maxWaitSeconds());
    }

    /** What one credit of a connection costs. */
    double price(String connection) {
        return prices.getOrDefault(connection, 0.0);
    }

    /** The connector-file object that lists what a connection may buy for this waterfall's entity. */
    public String object() {
        return entity == Entity.COMPANY ? "companies" : "people";
    }
}
