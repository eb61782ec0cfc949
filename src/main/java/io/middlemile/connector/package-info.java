/**
 * The connector SPI: how the hub reads from and writes to a provider, and how a provider is registered.
 *
 * <h2>Providers and connectors</h2>
 * A {@link io.middlemile.connector.Provider} is a connector type ({@code csv}, {@code hubspot},
 * {@code salesforce}): its {@code type:} id, the provider-owned sections of connector files it accepts
 * ({@code csv:}, {@code limits:}, {@code bulk:}, {@code associations:}), whether it needs {@code auth:} and
 * {@code baseUrl:}, its own validation, and how to open a {@link io.middlemile.connector.Connector} for one
 * connection, and for one that pushes changes its {@link io.middlemile.connector.WebhookReceiver}
 * (signature, account check, payload). Every provider is listed once, in
 * {@link io.middlemile.connector.Providers}; the workspace validator, the
 * {@link io.middlemile.connector.ConnectorFactory}, the {@code sandbox} command and the webhook ingress
 * ({@code POST /webhooks/<type>/<connection>}) all read that list. Types named there with {@code Provider.announced(...)} validate but
 * have no client yet: routes may not use them.
 *
 * <h2>Capabilities</h2>
 * A connector implements the capability interfaces its provider really offers, and routes look them up
 * by type ({@link io.middlemile.connector.Connector#capability}): {@link io.middlemile.connector.ChangeSource}
 * (incremental reads under a cursor the hub owns), {@link io.middlemile.connector.RecordSink} (idempotent
 * batch upserts; {@link io.middlemile.connector.CheckpointedSink} for a file whose writes are not),
 * {@link io.middlemile.connector.CurrentState} (before-images), {@link io.middlemile.connector.Lookup}
 * (find by email, domain, ...), {@link io.middlemile.connector.Merger} and
 * {@link io.middlemile.connector.Archiver}. {@code describe().capabilities()} is derived from the
 * implemented interfaces ({@link io.middlemile.connector.ConnectorDescription#of}), never typed by hand,
 * so it cannot drift. Writes reach a sink only through {@code io.middlemile.govern} (checked by
 * {@code ArchitectureTest}).
 *
 * <h2>Failures: thrown or returned</h2>
 * <ul>
 *   <li>One bad record never sinks its batch. A write returns one
 *       {@link io.middlemile.connector.WriteOutcome} per input, in input order, and a record the provider
 *       refuses (invalid value, unknown field, record not found) is {@code REJECTED} with the provider's
 *       reason: a connector that gets a whole-batch 400 retries the records one by one to find it.
 *       Input that cannot become a record (a malformed CSV row) is a
 *       {@link io.middlemile.connector.RejectedRecord} of its {@link io.middlemile.connector.SourcePage}.
 *       Keys or values that cannot even be asked about are reported by
 *       {@code CurrentState.unreadableKeys} and {@code Lookup.unsearchableValues}, not thrown.</li>
 *   <li>Everything else is thrown as a {@link io.middlemile.connector.ConnectorException} whose
 *       {@link io.middlemile.connector.ConnectorException.Kind} is decided in one classifier per provider:
 *       {@code RETRIABLE} (retried by the connector's own resilience, honouring {@code Retry-After}; no
 *       Camel redelivery on top), {@code RATE_LIMITED}, {@code QUOTA_EXHAUSTED} (the run pauses and resumes
 *       later), {@code AUTH}, {@code FATAL}. A configuration the connector cannot work with is an
 *       {@link java.lang.IllegalArgumentException} from {@code Provider.open}, which validation should
 *       have reported first.</li>
 *   <li>{@code check()} never throws: a failed credential or network check is a
 *       {@link io.middlemile.connector.HealthCheck} saying what to fix.</li>
 * </ul>
 *
 * <h2>Request budgets</h2>
 * A provider's rate limits are budgets every call takes a permit of before it is sent, retries included
 * ({@link io.middlemile.connector.CallGuard#call(io.middlemile.connector.Budget, java.util.function.Supplier)}).
 * Where they are counted is not the connector's business: it asks {@link io.middlemile.connector.Budgets} for
 * them, which count in this process ({@code Budgets.LOCAL}, Resilience4j) or, in a cluster, in PostgreSQL for
 * every node ({@code io.middlemile.cluster.SharedBudgets}); {@code Provider.open} is handed the ones to use.
 * HubSpot and Salesforce take them from there; the enrichment providers and Instantly still pace per process.
 *
 * <h2>Adding a provider</h2>
 * <ol>
 *   <li>A package {@code io.middlemile.connector.<type>} (the package is named after the type id;
 *       {@code ProvidersTest} checks it) with the connector, one client class with one method per API call
 *       and the vendor doc URL above each, and one error classifier.</li>
 *   <li>{@code <Type>Provider implements Provider} in that package: {@code TYPE}, {@code sections()},
 *       {@code needsAuth()}/{@code needsBaseUrl()} (default true), {@code validate(...)} for checks only it
 *       understands, and {@code open(...)}. A new provider-owned section of connector files is a component of
 *       {@code workspace.ConnectorConfig} plus a {@code workspace.ConnectorSection} constant worded for the
 *       connection that should not have it.</li>
 *   <li>One line in {@link io.middlemile.connector.Providers#CATALOG} (replacing its
 *       {@code Provider.announced(...)} line if it had one).</li>
 *   <li>{@code describe()} returns {@code ConnectorDescription.of(this, ...)}; implement only the capability
 *       interfaces the API really supports.</li>
 *   <li>A contract test: a subclass of {@code ConnectorContractTest} (test sources) running against the
 *       emulator.</li>
 *   <li>An emulator in {@code io.middlemile.sandbox.<type>}, written from the vendor's documentation and
 *       sharing no code with the connector, and one line in {@code cli.SandboxCommand.EMULATORS} keyed by
 *       the provider's {@code TYPE} (only the cli may depend on the sandbox).</li>
 *   <li>Webhooks, if the provider pushes changes: a {@link io.middlemile.connector.WebhookReceiver} in the
 *       provider's package, returned by {@code webhooks()} of its provider (as {@code HubSpotWebhookReceiver}).
 *       It checks the signature with the connection's secret, checks the account, and turns the payload into
 *       events naming the connection's object (contacts, companies, ...); it answers
 *       {@code Unavailable} when the connection lacks what checking needs. The engine then serves
 *       {@code POST /webhooks/<type>/<connection>} for it: no code in {@code io.middlemile.web}. The
 *       provider's docs for the payload, the signature and its retries go above the receiver.</li>
 *   <li>A README section under "Connecting real systems" (connector file, auth, limits honoured, what is
 *       read and written), a bundled example in {@code connectors/}, and the "Code layout" table.</li>
 * </ol>
 */
package io.middlemile.connector;
