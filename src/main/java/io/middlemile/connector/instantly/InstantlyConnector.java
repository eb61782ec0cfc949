package io.middlemile.connector.instantly;

import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorDescription;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.HealthCheck;
import io.middlemile.connector.ObservedHttp;
import io.middlemile.connector.Outreach;
import io.middlemile.connector.QuotaHeaders;
import io.middlemile.connector.VendorHttp;
import io.middlemile.connector.instantly.InstantlyRecords.AddOptions;
import io.middlemile.connector.instantly.InstantlyRecords.AddResult;
import io.middlemile.connector.instantly.InstantlyRecords.Lead;
import io.middlemile.connector.instantly.InstantlyRecords.LeadResult;
import io.middlemile.connector.instantly.InstantlyRecords.Target;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.SecretRefs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Instantly connection: the {@link InstantlyClient}, a health check, and {@link Outreach} for the outreach step,
 * which enrols leads ({@link Outreach.Kind#ENROL}) only after suppression and the governed pipeline allowed them.
 */
public final class InstantlyConnector implements Connector, Outreach {

    private final String connectionId;
    private final ConnectorConfig config;
    private final InstantlySettings settings;
    private final InstantlyClient client;

    public InstantlyConnector(ConnectorConfig config, Map<String, String> environment, InstantlySettings settings) {
        this(config, environment, settings, Budgets.LOCAL, CallObserver.NONE);
    }

    /**
     * @param budgets where the connection's request budgets are counted (a cluster shares them between nodes)
     * @param calls   told of every HTTP exchange and the guards (the engine's metrics)
     */
    public InstantlyConnector(ConnectorConfig config, Map<String, String> environment, InstantlySettings settings, Budgets budgets,
                              CallObserver calls) {
        this.connectionId = config.id();
        this.config = config;
        this.settings = settings;
        String reference = config.auth() == null ? null : config.auth().token();
        String key = SecretRefs.resolve(reference, environment).orElseThrow(() -> new IllegalArgumentException(
                "Instantly connection '" + connectionId + "': the API key is not set. Export the variable named in auth.token of"
                        + " connectors/" + connectionId + ".yaml (" + SecretRefs.variable(reference).orElse("e.g. INSTANTLY_API_KEY")
                        + ") with an Instantly API v2 key."));
        // Instantly's answers carry no quota headers: calls and guards only
        this.client = new InstantlyClient(connectionId, settings, key, ObservedHttp.of(
                VendorHttp.client(), connectionId, calls, QuotaHeaders.NONE), budgets, calls);
    }

    public InstantlyClient client() {
        return client;
    }

    @Override
    public ConnectorDescription describe() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (config.objects() != null) {
            config.objects().forEach((name, object) -> fields.put(name, object == null || object.fields() == null
                    ? List.of() : List.copyOf(object.fields())));
        }
        return ConnectorDescription.of(this, connectionId, InstantlyProvider.TYPE, fields);
    }

    @Override
    public HealthCheck check() {
        try {
            client.listCampaigns(1, null);
            return HealthCheck.ok("Instantly at " + SecretRefs.withoutUserInfo(settings.baseUrl()) + " accepted the API key of connection '"
                    + connectionId + "'.");
        } catch (ConnectorException e) {
            return HealthCheck.failed(e.getMessage());
        } catch (RuntimeException e) {
            return HealthCheck.failed("Could not check Instantly connection '" + connectionId + "' at "
                    + SecretRefs.withoutUserInfo(settings.baseUrl()) + ": "
                    + e.getClass().getSimpleName() + ". Check baseUrl in its connector file.");
        }
    }

    @Override
    public int maxBatchSize(Kind kind) {
        return switch (kind) {
            case ENROL -> InstantlyClient.MAX_LEADS_PER_ADD;
            // one call per lead: a page's worth at a time, so the journal's intents are not far ahead of the calls
            case INTEREST, REMOVE -> 100;
            case INVITE, MESSAGE -> 0;
        };
    }

    /**
     * Enrols leads into the campaign or list of their destination ({@code campaign:ID} or {@code list:ID}), 1,000 a
     * call. A lead's fields are Instantly's lead object (first_name, last_name, company_name, job_title, phone, website,
     * personalization, custom_variables). Options: skip_if_in_workspace, skip_if_in_campaign, skip_if_in_list (booleans),
     * blocklist_id.
     */
    @Override
    public List<Outcome> send(List<Send> sends, Map<String, Object> options) {
        if (sends.isEmpty()) {
            return List.of();
        }
        if (sends.size() > InstantlyClient.MAX_LEADS_PER_ADD) {
            throw new IllegalArgumentException("Instantly adds at most " + InstantlyClient.MAX_LEADS_PER_ADD + " leads a call; split the "
                    + sends.size() + " sends");
        }
        String destination = sends.get(0).destination();
        Kind kind = sends.get(0).kind();
        if (kind == Kind.INTEREST || kind == Kind.REMOVE) {
            return sends.stream().map(send -> {
                if (send.kind() != kind) {
                    throw new IllegalArgumentException("one Instantly call carries sends of one kind; got " + kind + " and " + send.kind());
                }
                return kind == Kind.INTEREST ? interest(send) : remove(send);
            }).toList();
        }
        for (Send send : sends) {
            if (send.kind() != Kind.ENROL) {
                throw new IllegalArgumentException("Instantly connection '" + connectionId + "' enrols leads in email campaigns;"
                        + " it cannot send a " + send.kind().name().toLowerCase(java.util.Locale.ROOT) + " (that is a LinkedIn action)");
            }
            if (!java.util.Objects.equals(destination, send.destination())) {
                throw new IllegalArgumentException("one Instantly add goes to one campaign or list; got " + destination + " and "
                        + send.destination());
            }
        }
        List<Lead> leads = sends.stream().map(InstantlyConnector::lead).toList();
        AddResult result = client.addLeads(target(destination), leads, new AddOptions(flag(options, "skip_if_in_workspace"),
                flag(options, "skip_if_in_campaign"), flag(options, "skip_if_in_list"),
                options.get("blocklist_id") == null ? null : options.get("blocklist_id").toString(), false));
        List<Outcome> outcomes = new ArrayList<>();
        for (LeadResult lead : result.leads()) {
            String key = sends.get(lead.index()).key();
            outcomes.add(switch (lead.outcome()) {
                case UPLOADED -> Outcome.sent(key, lead.leadId());
                case SKIPPED, DUPLICATE -> new Outcome(key, Outcome.Status.SKIPPED, null, lead.reason(), null);
                case INVALID, BLOCKLISTED, NOT_ADDED -> new Outcome(key, Outcome.Status.REJECTED, null, lead.reason(), null);
            });
        }
        return outcomes;
    }

    /** One interest update: 202 is sent; Instantly's 400 ("Invalid lead email": not a lead there) refuses this record only. */
    private Outcome interest(Send send) {
        Object value = send.fields().get(INTEREST_VALUE);
        Integer interest = value == null ? null : value instanceof Number n ? n.intValue() : Integer.valueOf(value.toString());
        try {
            client.updateInterestStatus(send.recipient(), interest, target(send.destination()));
            return Outcome.sent(send.key(), null);
        } catch (ConnectorException e) {
            if (e.kind() == ConnectorException.Kind.INVALID_REQUEST || e.kind() == ConnectorException.Kind.NOT_FOUND) {
                return new Outcome(send.key(), Outcome.Status.REJECTED, null, e.getMessage(), null);
            }
            throw e;
        }
    }

    /** One removal: 200 is sent; 404 means Instantly has no such lead any more (deleted in the app), so nothing is left to do. */
    private Outcome remove(Send send) {
        try {
            client.deleteLead(send.recipient());
            return Outcome.sent(send.key(), send.recipient());
        } catch (ConnectorException e) {
            if (e.kind() == ConnectorException.Kind.NOT_FOUND) {
                return new Outcome(send.key(), Outcome.Status.SKIPPED, null, "Instantly has no lead " + send.recipient()
                        + " any more (already deleted in " + send.destination() + "?)", null);
            }
            if (e.kind() == ConnectorException.Kind.INVALID_REQUEST) {
                return new Outcome(send.key(), Outcome.Status.REJECTED, null, e.getMessage(), null);
            }
            throw e;
        }
    }

    private static Target target(String destination) {
        if (destination != null && destination.startsWith("campaign:")) {
            return Target.campaign(destination.substring("campaign:".length()));
        }
        if (destination != null && destination.startsWith("list:")) {
            return Target.list(destination.substring("list:".length()));
        }
        throw new IllegalArgumentException("an Instantly enrolment goes to campaign:ID or list:ID, not " + destination);
    }

    private static Lead lead(Send send) {
        Map<String, Object> fields = send.fields();
        Object variables = fields.get("custom_variables");
        @SuppressWarnings("unchecked")
        Map<String, Object> custom = variables instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        return new Lead(send.recipient(), text(fields, "first_name"), text(fields, "last_name"), text(fields, "company_name"),
                text(fields, "job_title"), text(fields, "phone"), text(fields, "website"), text(fields, "personalization"), custom);
    }

    private static String text(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value == null ? null : value.toString();
    }

    private static boolean flag(Map<String, Object> options, String name) {
        return Boolean.TRUE.equals(options.get(name)) || "true".equals(String.valueOf(options.get(name)));
    }

    @Override
    public String toString() {
        return "InstantlyConnector[" + connectionId + "]";
    }
}
