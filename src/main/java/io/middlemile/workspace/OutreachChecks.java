package io.middlemile.workspace;

import io.middlemile.model.Entity;

import java.time.Duration;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of {@code outreach/} that binding cannot do: a file has a channel; each channel's connection exists and
 * is of the channel's type (instantly, unipile); Instantly's destination is one campaign or one list; every field the
 * file reads is a canonical person field (lead fields, variables, note placeholders, suppression fields); the dedupe
 * rule exists and matches people; the follow-up message's placeholders are canonical and its fixed text fits LinkedIn's
 * limit; each LinkedIn account is listed once, with a daily cap no higher than its weekly
 * cap, working hours that end after they start and a pause whose shortest is above zero and not above its longest.
 */
final class OutreachChecks {

    /** LinkedIn's longest invitation note, on a paid account; a note whose fixed text alone is longer never fits. */
    static final int LONGEST_NOTE = 300;

    private final Workspace workspace;
    private final Map<String, WorkspaceLoader.FileContext> contexts;
    private final Set<String> unreadable;

    OutreachChecks(Workspace workspace, Map<String, WorkspaceLoader.FileContext> contexts, Set<String> unreadable) {
        this.workspace = workspace;
        this.contexts = contexts;
        this.unreadable = unreadable;
    }

    void check() {
        workspace.outreach().values().forEach(this::check);
    }

    private void check(OutreachConfig config) {
        WorkspaceLoader.FileContext file = contexts.get("outreach:" + config.id());
        if (config.email() == null && config.linkedin() == null) {
            file.error("", "has no channel, so it would reach no one; add email: (an Instantly campaign) or linkedin: (Unipile"
                    + " accounts), or both");
        }
        if (config.email() != null) {
            checkEmail(file, config.email());
        }
        if (config.linkedin() != null) {
            checkLinkedIn(file, config.linkedin());
        }
        if (config.suppress() != null) {
            checkSuppress(file, config.suppress());
        }
    }

    private void checkEmail(WorkspaceLoader.FileContext file, OutreachConfig.Email email) {
        ConnectorConfig connector = connection(file, "/email/connection", email.connection(), OutreachConfig.EMAIL_TYPE,
                "the email channel enrols leads into Instantly");
        if (email.campaign() == null && email.list() == null) {
            file.error("/email", "needs where the leads go: campaign: ID (an Instantly campaign) or list: ID (a lead list)");
        } else if (email.campaign() != null && email.list() != null) {
            file.error("/email/list", "a lead goes into one campaign or one list, this file names both; keep campaign: or list:");
        }
        ObjectConfig leads = connector == null ? null : connector.object("leads");
        email.fields().forEach((leadField, canonical) -> {
            String at = "/email/fields/" + LocatedYaml.escape(leadField);
            if (leadField.equals("email")) {
                file.error(at, "the email is always sent (it is the lead); remove this line");
            } else if (leads != null && leads.fields() != null && !leads.fields().isEmpty() && !leads.hasField(leadField)) {
                file.error(at, "\"" + leadField + "\" is not a lead field of " + email.connection() + "; expected one of "
                        + new TreeSet<>(leads.fields()) + " (connectors/" + email.connection() + ".yaml, objects.leads.fields),"
                        + " or put it under variables: as a custom variable");
            }
            filledFrom(file, at, canonical);
        });
        email.variables().forEach((variable, canonical) ->
                filledFrom(file, "/email/variables/" + LocatedYaml.escape(variable), canonical));
        if (email.interest() != null) {
            canonical(file, "/email/interest/field", email.interest().field());
            if (email.interest().values() != null) {
                email.interest().values().forEach((crmValue, status) -> {
                    if (OutreachConfig.Interest.status(status).isEmpty()) {
                        file.error("/email/interest/values/" + LocatedYaml.escape(crmValue), "\"" + status + "\" is not an Instantly"
                                + " interest status; expected one of " + OutreachConfig.Interest.STATUSES.keySet() + ", "
                                + OutreachConfig.Interest.RESET + " (back to a plain lead) or the number of a custom status");
                    }
                });
            }
        }
    }

    private void checkLinkedIn(WorkspaceLoader.FileContext file, OutreachConfig.LinkedIn linkedin) {
        connection(file, "/linkedin/connection", linkedin.connection(), OutreachConfig.LINKEDIN_TYPE,
                "the LinkedIn channel sends invitations through Unipile");
        if (linkedin.note() != null) {
            for (String placeholder : linkedin.placeholders()) {
                if (Entity.PERSON.field(placeholder).isEmpty()) {
                    file.error("/linkedin/note", "{" + placeholder + "} is not a canonical person field, so no record could fill it;"
                            + " expected one of " + new TreeSet<>(Entity.PERSON.fields().keySet()));
                }
            }
            int fixed = OutreachConfig.LinkedIn.PLACEHOLDER.matcher(linkedin.note()).replaceAll("").length();
            if (fixed > LONGEST_NOTE) {
                file.error("/linkedin/note", "is " + fixed + " characters before any field is filled in; LinkedIn takes at most "
                        + LONGEST_NOTE + " (200 on a free account), so every invitation would be rejected. Shorten it");
            }
        }
        if (linkedin.message() != null && linkedin.message().text() != null) {
            checkMessage(file, linkedin.message());
        }
        List<OutreachConfig.Account> accounts = linkedin.accounts() == null ? List.of() : linkedin.accounts();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < accounts.size(); i++) {
            OutreachConfig.Account account = accounts.get(i);
            if (account == null) {
                continue;
            }
            String at = "/linkedin/accounts/" + i;
            if (account.id() != null && !ids.add(account.id())) {
                file.error(at + "/id", "\"" + account.id() + "\" is listed twice; list each account once, its caps are its own");
            }
            checkAccount(file, at, account);
        }
    }

    /** The follow-up message: placeholders are canonical person fields, and its fixed text alone fits LinkedIn's limit. */
    private static void checkMessage(WorkspaceLoader.FileContext file, OutreachConfig.Message message) {
        for (String placeholder : message.placeholders()) {
            if (Entity.PERSON.field(placeholder).isEmpty()) {
                file.error("/linkedin/message/text", "{" + placeholder + "} is not a canonical person field, so no record could"
                        + " fill it; expected one of " + new TreeSet<>(Entity.PERSON.fields().keySet()));
            }
        }
        int fixed = OutreachConfig.LinkedIn.PLACEHOLDER.matcher(message.text()).replaceAll("").length();
        if (fixed > OutreachConfig.Message.LONGEST) {
            file.error("/linkedin/message/text", "is " + fixed + " characters before any field is filled in; a LinkedIn message"
                    + " takes at most " + OutreachConfig.Message.LONGEST + ", so every message would be rejected. Shorten it");
        }
    }

    private static void checkAccount(WorkspaceLoader.FileContext file, String at, OutreachConfig.Account account) {
        boolean weekReadable = account.invitationsPerWeek() == null || account.invitationsPerWeek() > 0; // else @Positive said it
        if (account.invitationsPerDay() != null && weekReadable && account.invitationsPerDay() > account.invitationsPerWeekOrDefault()) {
            file.error(at + "/invitationsPerDay", account.invitationsPerDay() + " a day is more than the " + account.invitationsPerWeekOrDefault()
                    + " a week" + (account.invitationsPerWeek() == null ? " (the default invitationsPerWeek)" : "")
                    + "; lower it or raise invitationsPerWeek");
        } else if (account.invitationsPerDay() == null && account.invitationsPerWeek() != null && account.invitationsPerWeek() > 0
                && account.invitationsPerWeek() < OutreachConfig.Account.DEFAULT_INVITATIONS_PER_DAY) {
            file.error(at + "/invitationsPerWeek", account.invitationsPerWeek() + " a week is less than the default "
                    + OutreachConfig.Account.DEFAULT_INVITATIONS_PER_DAY + " a day; set invitationsPerDay too, at most "
                    + account.invitationsPerWeek());
        }
        if (account.hours() != null && account.hours().matches(OutreachConfig.Account.HOURS)) {
            LocalTime[] hours = account.workingHours();
            if (!hours[0].isBefore(hours[1])) {
                file.error(at + "/hours", account.hours() + " ends before it starts; working hours are one stretch within a day,"
                        + " e.g. 09:00-18:00 (a window over midnight is not supported)");
            }
        }
        if (account.days() != null && account.days().isEmpty()) {
            file.error(at + "/days", "is empty, so the account would never send; list working days, e.g. [MON, TUE, WED, THU, FRI]");
        }
        if (account.spacing() != null && account.spacing().matches(OutreachConfig.Account.SPACING)) {
            Duration[] spacing = account.spacingBounds();
            if (spacing[0].isZero()) {
                file.error(at + "/spacing", account.spacing() + " allows no pause at all; LinkedIn flags invitations sent back"
                        + " to back, so keep the shortest pause at a minute or more, e.g. 2m-5m");
            } else if (spacing[0].compareTo(spacing[1]) > 0) {
                file.error(at + "/spacing", account.spacing() + ": the shortest pause is longer than the longest; swap them");
            }
        }
    }

    private void checkSuppress(WorkspaceLoader.FileContext file, OutreachConfig.Suppress suppress) {
        if (suppress.customers() != null) {
            canonical(file, "/suppress/customers/field", suppress.customers().field());
        }
        if (suppress.openDeals() != null) {
            canonical(file, "/suppress/openDeals/field", suppress.openDeals().field());
        }
        for (int i = 0; i < suppress.optedOut().size(); i++) {
            canonical(file, "/suppress/optedOut/" + i, suppress.optedOut().get(i));
        }
        String rule = suppress.duplicates();
        if (rule != null && !unreadable.contains("dedupe:" + rule)) {
            DedupeConfig dedupe = workspace.dedupe().get(rule);
            if (dedupe == null) {
                file.error("/suppress/duplicates", "unknown dedupe rule \"" + rule + "\"; expected one of "
                        + new TreeSet<>(workspace.dedupe().keySet()) + " (files of dedupe/)");
            } else if (dedupe.entity() != null && Entity.byId(dedupe.entity()).isPresent() // else the dedupe file's own error
                    && !dedupe.entity().equals(Entity.PERSON.id())) {
                file.error("/suppress/duplicates", "dedupe rule " + rule + " matches " + dedupe.entity() + " records; outreach"
                        + " reaches people, so name a rule with entity: person");
            }
        }
    }

    /** The connection a channel names, when it exists and has the channel's type (else the error is reported, null). */
    private ConnectorConfig connection(WorkspaceLoader.FileContext file, String at, String id, String type, String why) {
        if (id == null || unreadable.contains("connector:" + id)) {
            return null;
        }
        ConnectorConfig connector = workspace.connectors().get(id);
        if (connector == null) {
            file.error(at, "unknown connection \"" + id + "\"; expected a file of connectors/ of type " + type + ", one of "
                    + new TreeSet<>(workspace.connectors().keySet()));
            return null;
        }
        if (connector.type() != null && !connector.type().equals(type)) {
            file.error(at, id + " is a connection of type " + connector.type() + "; " + why + ", so name a connection of type " + type);
            return null;
        }
        return connector;
    }

    /** A value sent to Instantly names the canonical field it is filled from. */
    private static void filledFrom(WorkspaceLoader.FileContext file, String at, String field) {
        if (field == null || field.isBlank()) {
            file.error(at, "has no canonical field to fill it from; write one, e.g. firstName");
        } else {
            canonical(file, at, field);
        }
    }

    private static void canonical(WorkspaceLoader.FileContext file, String at, String field) {
        if (field != null && Entity.PERSON.field(field).isEmpty()) {
            file.error(at, "\"" + field + "\" is not a canonical person field; expected one of "
                    + new TreeSet<>(Entity.PERSON.fields().keySet()));
        }
    }
}
