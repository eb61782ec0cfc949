package io.middlemile.outreach;

import io.middlemile.standardize.EmailStandardizer;
import io.middlemile.standardize.StandardizeContext;
import io.middlemile.standardize.Standardized;
import io.middlemile.workspace.OutreachConfig;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code suppress:} section of an {@code outreach/NAME.yaml} as code: decides, before any send, whether a record
 * must not be contacted, and says why. Rules are checked in the order of {@link Suppressed.Reason}: the record's own
 * fields first, then the address, then what {@link SuppressionFacts} knows (a look-up per record). The first rule
 * that applies is reported. Role and free-mail addresses are recognised by the email standardizer's lists
 * ({@link EmailStandardizer}); a record whose email is a role mailbox is not a person and is suppressed on every
 * channel. Stateless and thread-safe.
 */
public final class SuppressionRules {

    private static final EmailStandardizer EMAILS = new EmailStandardizer();

    private final OutreachConfig.FieldValues customers;
    private final String openDeals;
    private final List<String> optedOut;
    private final String duplicates;
    private final Integer contactedWithinDays;
    private final boolean roleAddresses;
    private final boolean freeMail;
    private final Set<String> customerValues;

    /** @param config the validated {@code suppress:} section */
    public SuppressionRules(OutreachConfig.Suppress config) {
        this.customers = config.customers();
        this.openDeals = config.openDeals() == null ? null : config.openDeals().field();
        this.optedOut = List.copyOf(config.optedOut());
        this.duplicates = config.duplicates();
        this.contactedWithinDays = config.contactedWithinDays();
        this.roleAddresses = config.suppressesRoleAddresses();
        this.freeMail = config.suppressesFreeMail();
        this.customerValues = customers == null ? Set.of()
                : customers.values().stream().map(SuppressionRules::normal).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param record   the record's canonical fields (values as mapped: text, numbers, true/false, lists)
     * @param email    the address the email channel would use, or null
     * @param linkedin the LinkedIn profile the invitation would go to, or null
     * @param facts    earlier contacts and enrolments
     * @param now      the time "within N days" counts back from
     * @return why the record must not be contacted, or empty when it may be
     */
    public Optional<Suppressed> check(Map<String, Object> record, String email, String linkedin, SuppressionFacts facts,
                                      Instant now) {
        for (String field : optedOut) {
            Object value = record.get(field);
            if (truthy(value)) {
                return suppressed(Suppressed.Reason.OPTED_OUT, field + " is " + shown(value));
            }
        }
        if (customers != null) {
            Object value = record.get(customers.field());
            for (Object single : values(value)) {
                if (single != null && customerValues.contains(normal(String.valueOf(single)))) {
                    return suppressed(Suppressed.Reason.CUSTOMER, customers.field() + " is " + shown(single));
                }
            }
        }
        if (openDeals != null) {
            Object value = record.get(openDeals);
            if (positive(value)) {
                return suppressed(Suppressed.Reason.OPEN_DEAL, openDeals + " is " + shown(value));
            }
        }
        if (email != null && (roleAddresses || freeMail)) {
            Standardized address = EMAILS.apply(email, StandardizeContext.NONE);
            if (roleAddresses && "true".equals(address.attribute("roleAccount"))) {
                return suppressed(Suppressed.Reason.ROLE_ADDRESS, address.value() + " is a role mailbox, not a person");
            }
            if (freeMail && "true".equals(address.attribute("freeMail"))) {
                return suppressed(Suppressed.Reason.FREE_MAIL, address.value() + " is a free-mail address ("
                        + address.attribute("domain") + ")");
            }
        }
        if (contactedWithinDays != null && (email != null || linkedin != null)) {
            Optional<SuppressionFacts.Contact> last = facts.lastContacted(email, linkedin);
            if (last.isPresent() && last.get().at().isAfter(now.minus(Duration.ofDays(contactedWithinDays)))) {
                long days = Math.max(0, Duration.between(last.get().at(), now).toDays());
                String ago = days == 0 ? "today" : days == 1 ? "1 day ago" : days + " days ago";
                return suppressed(Suppressed.Reason.RECENTLY_CONTACTED, "contacted " + ago + " by " + last.get().channel()
                        + " (" + contactedWithinDays + "-day rule)");
            }
        }
        if (duplicates != null) {
            Optional<SuppressionFacts.Enrolled> enrolled = facts.enrolledAs(duplicates, record);
            if (enrolled.isPresent()) {
                return suppressed(Suppressed.Reason.ALREADY_ENROLLED, "already enrolled as " + enrolled.get().record()
                        + " (dedupe rule " + duplicates + ", score " + String.format(Locale.ROOT, "%.2f", enrolled.get().score()) + ")");
            }
        }
        return Optional.empty();
    }

    private static Optional<Suppressed> suppressed(Suppressed.Reason reason, String why) {
        return Optional.of(new Suppressed(reason, why));
    }

    /** True, "true", "yes", or a number other than 0: how CRMs hand out check boxes. */
    static boolean truthy(Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof Number number) {
            return number.doubleValue() != 0;
        }
        if (value instanceof String text) {
            String normal = normal(text);
            return normal.equals("true") || normal.equals("yes") || number(normal).map(n -> n.signum() != 0).orElse(false);
        }
        return false;
    }

    /** A count above 0, or true: a field holding the number of open deals or a has-open-deal check box. */
    static boolean positive(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue() > 0;
        }
        if (value instanceof String text) {
            return number(normal(text)).map(n -> n.signum() > 0).orElseGet(() -> truthy(text));
        }
        return truthy(value);
    }

    private static Optional<BigDecimal> number(String text) {
        try {
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Collection<?> values(Object value) {
        return value instanceof Collection<?> list ? list : java.util.Collections.singletonList(value);
    }

    private static String normal(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }

    private static String shown(Object value) {
        return value instanceof Collection<?> ? String.valueOf(value) : String.valueOf(value).strip();
    }
}
