package io.middlemile.workspace;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * A file of {@code outreach/}: who may be reached, on which channels, and how carefully ({@code outreach/NAME.yaml}).
 * The {@code outreach} package runs it; the loader checks it here so a mistake is a {@code file:line} error before
 * anyone is contacted. The records refuse nothing themselves, so every mistake of a file is reported at once; the
 * cross-file checks (connections and their types, canonical fields, the dedupe rule, caps, hours) are
 * {@code OutreachChecks}.
 *
 * @param description optional: what the file is for, shown to reviewers
 * @param email       optional channel: enrolment into an Instantly campaign or list
 * @param linkedin    optional channel: LinkedIn invitations through Unipile accounts
 * @param suppress    required: who is never contacted; every rule in it is optional, but the section must be written
 *                    so that leaving suppression out is a visible choice
 */
public record OutreachConfig(
        @JsonIgnoreId String id,
        String description,
        @Valid Email email,
        @Valid LinkedIn linkedin,
        @NotNull(message = "is required: who is never contacted, e.g. suppress: {customers: {field: lifecycleStage, values: [customer]},"
                + " optedOut: [emailOptOut, emailBounced], contactedWithinDays: 30}")
        @Valid Suppress suppress) {

    /** The connector type of the email channel's connection. */
    public static final String EMAIL_TYPE = "instantly";
    /** The connector type of the LinkedIn channel's connection. */
    public static final String LINKEDIN_TYPE = "unipile";

    public OutreachConfig withId(String newId) {
        return new OutreachConfig(newId, description, email, linkedin, suppress);
    }

    /**
     * Enrolment into Instantly (API v2 {@code POST /api/v2/leads/add}).
     *
     * @param connection        a connection of type {@code instantly}
     * @param campaign          the campaign id the leads go into; exactly one of campaign and list
     * @param list              the lead list id the leads go into; exactly one of campaign and list
     * @param skipIfInWorkspace Instantly's {@code skip_if_in_workspace}: a lead already anywhere in the Instantly
     *                          workspace is skipped (default true)
     * @param skipIfInCampaign  Instantly's {@code skip_if_in_campaign}: a lead already in the campaign is skipped
     *                          (default true)
     * @param blocklist         optional: Instantly's {@code blocklist_id}, whose entries Instantly refuses
     * @param fields            Instantly lead field (first_name, company_name, ...) to the canonical person field it is
     *                          filled from; the email itself is always sent
     * @param variables         Instantly {@code custom_variables} name to the canonical person field it is filled from
     * @param interest          optional: how {@code hub-interest:NAME} turns a CRM value into the lead's interest status
     */
    public record Email(
            @NotBlank(message = "is required: the Instantly connection, a file of connectors/ of type instantly") String connection,
            String campaign,
            String list,
            Boolean skipIfInWorkspace,
            Boolean skipIfInCampaign,
            String blocklist,
            Map<String, String> fields,
            Map<String, String> variables,
            @Valid Interest interest) {

        public Email {
            fields = fields == null ? Map.of() : fields;
            variables = variables == null ? Map.of() : variables;
        }

        public Email(String connection, String campaign, String list, Boolean skipIfInWorkspace, Boolean skipIfInCampaign, String blocklist,
                     Map<String, String> fields, Map<String, String> variables) {
            this(connection, campaign, list, skipIfInWorkspace, skipIfInCampaign, blocklist, fields, variables, null);
        }

        public boolean skipsIfInWorkspace() {
            return skipIfInWorkspace == null || skipIfInWorkspace;
        }

        public boolean skipsIfInCampaign() {
            return skipIfInCampaign == null || skipIfInCampaign;
        }

        /** Where the leads go, as {@code Outreach.Send#destination} names it: {@code campaign:ID} or {@code list:ID}. */
        public String destination() {
            return campaign != null ? "campaign:" + campaign : "list:" + list;
        }
    }

    /**
     * The CRM's word for where a lead stands, turned into its interest status in the Instantly campaign
     * ({@code POST /api/v2/leads/update-interest-status}), e.g. {@code field: leadStatus} and
     * {@code values: {CONNECTED: interested, OPEN_DEAL: meeting-booked, BAD_TIMING: not-interested}}.
     *
     * @param field  the canonical person field read (leadStatus, lifecycleStage, ...)
     * @param values a value of that field (compared ignoring case) to an Instantly interest status: one of
     *               {@link #STATUSES}' names, {@code lead} to reset it, or the number of a custom status of the workspace;
     *               a value not listed changes nothing
     */
    public record Interest(
            @NotBlank(message = "is required: the canonical person field whose value sets the interest, e.g. leadStatus") String field,
            @NotEmpty(message = "needs at least one value, e.g. values: {CONNECTED: interested, BAD_TIMING: not-interested}")
            Map<String, String> values) {

        /** Instantly's interest statuses (its lt_interest_status enum) by the name a workspace file writes. */
        public static final Map<String, Integer> STATUSES = orderedStatuses();

        /** The name that resets a lead's interest to Instantly's plain "Lead" (interest_value null). */
        public static final String RESET = "lead";

        private static Map<String, Integer> orderedStatuses() {
            Map<String, Integer> statuses = new java.util.LinkedHashMap<>();
            statuses.put("interested", 1);
            statuses.put("meeting-booked", 2);
            statuses.put("meeting-completed", 3);
            statuses.put("won", 4);
            statuses.put("out-of-office", 0);
            statuses.put("not-interested", -1);
            statuses.put("wrong-person", -2);
            statuses.put("lost", -3);
            statuses.put("no-show", -4);
            return java.util.Collections.unmodifiableMap(statuses);
        }

        /** One status the table names: its name as written and Instantly's value (null for {@link #RESET}). */
        public record Status(String name, Integer value) {
        }

        /** What a status name of the file means; empty when it is neither a name, {@code lead} nor a number. */
        public static java.util.Optional<Status> status(String name) {
            if (name == null) {
                return java.util.Optional.empty();
            }
            String key = name.strip().toLowerCase(java.util.Locale.ROOT);
            if (key.equals(RESET)) {
                return java.util.Optional.of(new Status(RESET, null));
            }
            if (STATUSES.containsKey(key)) {
                return java.util.Optional.of(new Status(key, STATUSES.get(key)));
            }
            try {
                return java.util.Optional.of(new Status(key, Integer.valueOf(key)));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }

        /** The status a CRM value sets, compared ignoring case and surrounding blanks; empty when the table does not list it. */
        public java.util.Optional<Status> statusOf(Object crmValue) {
            if (crmValue == null || values == null) {
                return java.util.Optional.empty();
            }
            String wanted = crmValue.toString().strip();
            return values.entrySet().stream().filter(e -> e.getKey() != null && e.getKey().strip().equalsIgnoreCase(wanted)).findFirst()
                    .flatMap(e -> status(e.getValue()));
        }
    }

    /**
     * LinkedIn invitations through Unipile.
     *
     * @param connection a connection of type {@code unipile}
     * @param note       optional: the invitation note, with {@code {field}} placeholders naming canonical person fields,
     *                   e.g. "Hi {firstName}, ..."; a record without a value for a placeholder, or whose note is longer
     *                   than its account takes (300 characters premium, 200 free), is rejected, never cut
     * @param message    optional: the LinkedIn message sent once the invitation is accepted ({@link Message})
     * @param accounts   the LinkedIn accounts invitations are sent from, each with its own caps and working hours
     * @param releaseAgentSendsAfter how long an agent's invitation deferred by an account's caps or hours may stay due
     *                   before a job run that reads the record invites the person as the job's own send, {@code N} with
     *                   unit m, h or d (default {@value #DEFAULT_RELEASE_AGENT_SENDS_AFTER}). An agent calls when it calls,
     *                   and may never call for this record again (its task done, the agent retired): without a bound the
     *                   person stays uninvited for good, while the job that reads them would invite them. A week leaves an
     *                   agent that works through its list daily or weekly room to make its own send.
     */
    public record LinkedIn(
            @NotBlank(message = "is required: the Unipile connection, a file of connectors/ of type unipile") String connection,
            String note,
            @Valid Message message,
            @NotEmpty(message = "needs at least one account, e.g. - {id: acc_emea, timeZone: Europe/Berlin}") List<@Valid Account> accounts,
            @Pattern(regexp = Message.DELAY, message = "must be a delay N with unit m, h or d, e.g. 3d or 7d") String releaseAgentSendsAfter) {

        public static final String DEFAULT_RELEASE_AGENT_SENDS_AFTER = "7d";

        public LinkedIn(String connection, String note, Message message, List<Account> accounts) {
            this(connection, note, message, accounts, null);
        }

        /** How long an agent's deferred invitation waits for the agent; call only on a validated file. */
        public Duration agentGrace() {
            return Message.duration(releaseAgentSendsAfterText());
        }

        /** {@code releaseAgentSendsAfter} as written, or its default. */
        public String releaseAgentSendsAfterText() {
            return releaseAgentSendsAfter == null ? DEFAULT_RELEASE_AGENT_SENDS_AFTER : releaseAgentSendsAfter;
        }

        /** The placeholders of {@link #note}, in order of first use; empty without a note. */
        public Set<String> placeholders() {
            return placeholders(note);
        }

        /** The {@code {field}} placeholders of a note template, in order of first use. */
        public static Set<String> placeholders(String template) {
            Set<String> names = new LinkedHashSet<>();
            if (template != null) {
                Matcher matcher = PLACEHOLDER.matcher(template);
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
            return names;
        }

        /** {@code {firstName}}: a brace, a field name, a brace. Other braces are kept as written. */
        public static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
    }

    /**
     * The LinkedIn message that follows an accepted invitation, from the account whose invitation was accepted. The
     * acceptance is Unipile's {@code new_relation} event as the webhook ingress stored it; the message goes
     * {@code afterAccepted} later, inside the account's working hours and under its {@code messagesPerDay}. A message
     * the person sent first (a stored {@code message_received}) cancels it: suppressed, reason "replied".
     *
     * @param text          the message, with {@code {field}} placeholders naming canonical person fields, filled when
     *                      the invitation is decided; a record without a value for a placeholder gets its invitation but
     *                      no message (rejected with the reason), a text over LinkedIn's {@value #LONGEST} characters is
     *                      rejected, never cut
     * @param afterAccepted how long after the acceptance was reported the message goes, {@code N} with unit m, h or d,
     *                      e.g. {@code 4h} (default {@value #DEFAULT_AFTER_ACCEPTED})
     * @param toConnections people already 1st-degree connections of the account (LinkedIn refuses them an invitation)
     *                      get this message instead, at once (default false: they are skipped)
     * @param acceptedWithin how long a message waits for its invitation to be accepted, from when the invitation was
     *                       decided; after that it is dropped (skipped, with the reason), so an acceptance months later
     *                       does not bring a "thanks for connecting" out of the blue (default {@value #DEFAULT_ACCEPTED_WITHIN})
     */
    public record Message(
            @NotBlank(message = "is required: the message, e.g. \"Thanks for connecting, {firstName}!\"") String text,
            @Pattern(regexp = DELAY, message = "must be a delay N with unit m, h or d, e.g. 30m, 4h or 1d") String afterAccepted,
            Boolean toConnections,
            @Pattern(regexp = DELAY, message = "must be a delay N with unit m, h or d, e.g. 14d or 30d") String acceptedWithin) {

        static final String DELAY = "[0-9]{1,4}[mhd]";
        public static final String DEFAULT_AFTER_ACCEPTED = "4h";
        public static final String DEFAULT_ACCEPTED_WITHIN = "30d";
        /**
         * The longest LinkedIn message this hub sends. Unipile documents no limit for {@code POST /api/v1/chats}; LinkedIn's
         * own messaging box stops at 8,000 characters (third-party guides; none from LinkedIn or Unipile was found), so a
         * text over it is refused here rather than by LinkedIn after the invitation was accepted.
         */
        public static final int LONGEST = 8_000;

        /** The delay after the acceptance; call only on a validated file. */
        public Duration delay() {
            return duration(afterAccepted == null ? DEFAULT_AFTER_ACCEPTED : afterAccepted);
        }

        /** How long a message waits for an acceptance; call only on a validated file. */
        public Duration acceptWindow() {
            return duration(acceptedWithin == null ? DEFAULT_ACCEPTED_WITHIN : acceptedWithin);
        }

        /** {@code acceptedWithin} as written, or its default. */
        public String acceptedWithinText() {
            return acceptedWithin == null ? DEFAULT_ACCEPTED_WITHIN : acceptedWithin;
        }

        /** A delay as the file writes it, {@code N} with unit m, h or d; call only on a validated value. */
        public static Duration duration(String value) {
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }

        public boolean messagesConnections() {
            return Boolean.TRUE.equals(toConnections);
        }

        /** The {@code {field}} placeholders of the text, in order of first use. */
        public Set<String> placeholders() {
            return LinkedIn.placeholders(text);
        }
    }

    /**
     * One LinkedIn account (a Unipile {@code account_id}) and how hard it may be used. The defaults follow Unipile's
     * advice for a paid, active account: 80 invitations a day, 200 a week, 80 profile look-ups a day, spaced 2 to 5
     * minutes apart at random, Monday to Friday 09:00-18:00 in the account's time zone. A free account should be given
     * far lower caps (Unipile: about 15 invitations a week with a note).
     *
     * @param id                 the Unipile account id
     * @param timeZone           required: the account holder's time zone (IANA id); days, weeks and working hours are
     *                           counted in it
     * @param premium            a paid LinkedIn account: its notes may be 300 characters instead of 200 (default false)
     * @param invitationsPerDay  most invitations per calendar day in the account's time zone (default 80)
     * @param invitationsPerWeek most invitations in any 7 consecutive calendar days in the account's time zone (a
     *                           rolling week, default 200)
     * @param lookupsPerDay      most profile look-ups per calendar day (default 80); every invitation needs one
     * @param hours              working hours, {@code HH:MM-HH:MM} in the account's time zone (default 09:00-18:00);
     *                           the end is not included and comes after the start (no windows over midnight)
     * @param days               working days, MON..SUN (default MON-FRI)
     * @param spacing            random pause between two invitations of the account, {@code MIN-MAX} with units s or m,
     *                           e.g. {@code 2m-5m} (the default) or {@code 90s-4m}; messages keep the same pause
     * @param messagesPerDay     most messages ({@code linkedin.message}) per calendar day (default 50); each takes a
     *                           profile look-up, counted with the invitations' under {@code lookupsPerDay}
     */
    public record Account(
            @NotBlank(message = "is required: the Unipile account id, e.g. acc_emea") String id,
            @NotBlank(message = "is required: the account holder's time zone, e.g. Europe/Berlin; days and working hours are counted in it")
            @TimeZoneId String timeZone,
            Boolean premium,
            @Positive(message = "must be 1 or more invitations a day") Integer invitationsPerDay,
            @Positive(message = "must be 1 or more invitations a week") Integer invitationsPerWeek,
            @Positive(message = "must be 1 or more profile look-ups a day") Integer lookupsPerDay,
            @Pattern(regexp = HOURS, message = "must be working hours HH:MM-HH:MM in the account's time zone, e.g. 09:00-18:00")
            String hours,
            List<@Pattern(regexp = "MON|TUE|WED|THU|FRI|SAT|SUN", message = "must be a day MON, TUE, WED, THU, FRI, SAT or SUN") String> days,
            @Pattern(regexp = SPACING, message = "must be a pause MIN-MAX with units s or m, e.g. 2m-5m or 90s-4m")
            String spacing,
            @Positive(message = "must be 1 or more messages a day") Integer messagesPerDay) {

        static final String HOURS = "([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]";
        static final String SPACING = "[0-9]{1,5}[sm]-[0-9]{1,5}[sm]";

        public static final int DEFAULT_INVITATIONS_PER_DAY = 80;
        public static final int DEFAULT_INVITATIONS_PER_WEEK = 200;
        public static final int DEFAULT_LOOKUPS_PER_DAY = 80;
        public static final String DEFAULT_HOURS = "09:00-18:00";
        public static final String DEFAULT_SPACING = "2m-5m";
        /** A conservative daily cap for follow-up messages to new connections (automation tools advise 50-100 a day). */
        public static final int DEFAULT_MESSAGES_PER_DAY = 50;

        public int messagesPerDayOrDefault() {
            return messagesPerDay == null ? DEFAULT_MESSAGES_PER_DAY : messagesPerDay;
        }

        public int invitationsPerDayOrDefault() {
            return invitationsPerDay == null ? DEFAULT_INVITATIONS_PER_DAY : invitationsPerDay;
        }

        public int invitationsPerWeekOrDefault() {
            return invitationsPerWeek == null ? DEFAULT_INVITATIONS_PER_WEEK : invitationsPerWeek;
        }

        public int lookupsPerDayOrDefault() {
            return lookupsPerDay == null ? DEFAULT_LOOKUPS_PER_DAY : lookupsPerDay;
        }

        public boolean isPremium() {
            return Boolean.TRUE.equals(premium);
        }

        /** The start and end of the working hours; call only on a validated file. */
        public LocalTime[] workingHours() {
            String[] parts = (hours == null ? DEFAULT_HOURS : hours).split("-");
            return new LocalTime[]{LocalTime.parse(parts[0]), LocalTime.parse(parts[1])};
        }

        /** The working days; call only on a validated file. */
        public Set<DayOfWeek> workingDays() {
            if (days == null || days.isEmpty()) {
                return EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
            }
            Set<DayOfWeek> result = EnumSet.noneOf(DayOfWeek.class);
            for (String day : days) {
                for (DayOfWeek candidate : DayOfWeek.values()) {
                    if (candidate.name().startsWith(day)) {
                        result.add(candidate);
                    }
                }
            }
            return result;
        }

        /** The shortest and longest pause between two invitations; call only on a validated file. */
        public Duration[] spacingBounds() {
            String[] parts = (spacing == null ? DEFAULT_SPACING : spacing).split("-");
            List<Duration> bounds = new ArrayList<>();
            for (String part : parts) {
                long amount = Long.parseLong(part.substring(0, part.length() - 1));
                bounds.add(part.endsWith("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount));
            }
            return new Duration[]{bounds.get(0), bounds.get(1)};
        }
    }

    /**
     * Who is never contacted. Each rule is optional; a record caught by any is suppressed, with the reason.
     *
     * @param customers           existing customers: a canonical field and the values that mean customer
     * @param openDeals           people on open deals: a canonical field holding a count (more than 0 suppresses) or
     *                            true/false
     * @param optedOut            true/false canonical fields, any of which true suppresses (opted out, unsubscribed,
     *                            bounced), e.g. [emailOptOut, emailBounced]
     * @param duplicates          a rule of {@code dedupe/}: a person already enrolled under another record that this rule
     *                            matches is suppressed
     * @param contactedWithinDays people contacted on any channel within this many days are suppressed
     * @param roleAddresses       suppress role mailboxes (info@, sales@; the email standardizer's list) (default true)
     * @param freeMail            suppress free-mail addresses (gmail.com, ...; the email standardizer's list)
     *                            (default false)
     */
    public record Suppress(
            @Valid FieldValues customers,
            @Valid FieldFlag openDeals,
            List<String> optedOut,
            String duplicates,
            @Positive(message = "must be 1 or more days") Integer contactedWithinDays,
            Boolean roleAddresses,
            Boolean freeMail) {

        public Suppress {
            optedOut = optedOut == null ? List.of() : optedOut;
        }

        public boolean suppressesRoleAddresses() {
            return roleAddresses == null || roleAddresses;
        }

        public boolean suppressesFreeMail() {
            return Boolean.TRUE.equals(freeMail);
        }
    }

    /**
     * @param field  a canonical person field, e.g. lifecycleStage
     * @param values the values that count, compared without regard to case, e.g. [customer, evangelist]
     */
    public record FieldValues(@NotBlank(message = "is required: the canonical field, e.g. lifecycleStage") String field,
                              @NotEmpty(message = "needs the values that count, e.g. [customer]") List<String> values) {
    }

    /** @param field a canonical person field, e.g. openDeals */
    public record FieldFlag(@NotBlank(message = "is required: the canonical field, e.g. openDeals") String field) {
    }
}
