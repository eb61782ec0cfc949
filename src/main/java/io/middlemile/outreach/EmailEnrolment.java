package io.middlemile.outreach;

import io.middlemile.connector.Outreach;
import io.middlemile.workspace.OutreachConfig;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The {@code email:} section of an {@code outreach/NAME.yaml} applied to one record: the Instantly lead it becomes (an
 * {@link Outreach.Kind#ENROL} send with the lead fields and custom variables filled from canonical fields) and the
 * options of the add-leads call. A canonical field without a value is left out, so Instantly keeps the field empty
 * rather than receiving "null" or "".
 */
public final class EmailEnrolment {

    /** The key of the custom variables inside {@link Outreach.Send#fields()}, as Instantly's lead object names them. */
    public static final String CUSTOM_VARIABLES = "custom_variables";

    private final OutreachConfig.Email config;

    public EmailEnrolment(OutreachConfig.Email config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * @param key    the record's key in the hub (the journal's record key)
     * @param email  the address enrolled
     * @param record the record's canonical fields
     */
    public Outreach.Send send(String key, String email, Map<String, Object> record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        config.fields().forEach((leadField, canonical) -> {
            Object value = value(record.get(canonical));
            if (value != null) {
                fields.put(leadField, String.valueOf(value));
            }
        });
        Map<String, Object> variables = new LinkedHashMap<>();
        config.variables().forEach((variable, canonical) -> {
            Object value = value(record.get(canonical));
            if (value != null) {
                variables.put(variable, value);
            }
        });
        if (!variables.isEmpty()) {
            fields.put(CUSTOM_VARIABLES, Map.copyOf(variables));
        }
        return new Outreach.Send(key, Outreach.Kind.ENROL, null, config.destination(), email, fields, null);
    }

    /** The add-leads options: Instantly's skip flags and blocklist, by their API names. */
    public Map<String, Object> options() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("skip_if_in_workspace", config.skipsIfInWorkspace());
        options.put("skip_if_in_campaign", config.skipsIfInCampaign());
        if (config.blocklist() != null) {
            options.put("blocklist_id", config.blocklist());
        }
        return Map.copyOf(options);
    }

    /**
     * Instantly's custom variables take text, numbers and true/false only: those are kept, a list is joined with
     * ", ", anything else is sent as text; blank text and empty lists count as no value.
     */
    private static Object value(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        String text = value instanceof Collection<?> list
                ? list.stream().filter(Objects::nonNull).map(String::valueOf).collect(Collectors.joining(", "))
                : String.valueOf(value);
        return text.isBlank() ? null : text.strip();
    }
}
