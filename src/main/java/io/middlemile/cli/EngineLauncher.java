package io.middlemile.cli;

import io.middlemile.Engine;
import io.middlemile.store.StateStoreOnly;
import io.middlemile.store.StoreStartAhead;
import io.middlemile.store.StoreStartException;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Starts the engine (Spring Boot, Camel, the state store) on a workspace. */
public final class EngineLauncher {

    /**
     * An extra property: a single-run engine that still serves HTTP (on {@code server.port}), so emulators of a rehearsal
     * can deliver their webhooks to it ({@code outreach rehearse}).
     */
    static final String SERVE_WEBHOOKS = "middlemile.serve-webhooks";

    private EngineLauncher() {
    }

    /**
     * @param once true for a single job run: no route starts by itself and no schedule fires
     */
    static ConfigurableApplicationContext start(Path workspace, boolean once, boolean fromStart, boolean quiet) {
        return start(workspace, once, fromStart, quiet, null);
    }

    /** Starts the engine for a command that only uses the store and the write path (no route runs). */
    public static ConfigurableApplicationContext forCommand(Path workspace) {
        return start(workspace, true, false, true, null);
    }

    /**
     * @param planFile when set, the single run plans its writes into this file instead of making them
     */
    static ConfigurableApplicationContext start(Path workspace, boolean once, boolean fromStart, boolean quiet, Path planFile) {
        return start(workspace, once, fromStart, quiet, planFile, null);
    }

    /** @param job the one job this process runs (its connections need their secrets), or null */
    static ConfigurableApplicationContext start(Path workspace, boolean once, boolean fromStart, boolean quiet, Path planFile, String job) {
        return start(workspace, once, fromStart, quiet, planFile, job, Map.of());
    }

    /** @param extra more engine properties, e.g. a rehearsal's {@code middlemile.sandbox.*} ({@link Rehearsal#properties()}) */
    static ConfigurableApplicationContext start(Path workspace, boolean once, boolean fromStart, boolean quiet, Path planFile, String job,
                                                Map<String, Object> extra) {
        return start(new Class<?>[] {Engine.class}, workspace, once, fromStart, quiet, planFile, job, extra);
    }

    /**
     * The state store alone ({@link StateStoreOnly}) with the stores a command reads or writes, for a command that runs
     * nothing through the engine: the same database, settings and start-up errors as the engine's, in half its start
     * (about 4 s and 7 s of CPU instead of 8 to 10 s and 15 s on 2 cores).
     *
     * @param stores the {@code io.middlemile.store} components the command gets from the context
     */
    public static ConfigurableApplicationContext storeOnly(Path workspace, Class<?>... stores) {
        Class<?>[] sources = new Class<?>[stores.length + 1];
        sources[0] = StateStoreOnly.class;
        System.arraycopy(stores, 0, sources, 1, stores.length);
        return start(sources, workspace, true, false, true, null, null, Map.of());
    }

    private static ConfigurableApplicationContext start(Class<?>[] sources, Path workspace, boolean once, boolean fromStart,
                                                        boolean quiet, Path planFile, String job, Map<String, Object> extra) {
        String logFormat = System.getenv("MIDDLEMILE_LOG_FORMAT");
        if (logFormat != null && !logFormat.equals("json") && !logFormat.equals("text")) {
            // logback would find no appender of that name and drop every line: refuse to start without logs
            throw new EngineStartException("MIDDLEMILE_LOG_FORMAT is \"" + logFormat + "\"; set it to json (one JSON object per"
                    + " line) or text (the default), or unset it.", null);
        }
        // the engine's conditions read the switch as a boolean expression and would fail on anything else with a parser's
        // words; it comes from the environment or, through MIDDLEMILE_JAVA_OPTS, a system property
        Map<String, String> clusterSwitch = new LinkedHashMap<>();
        clusterSwitch.put("MIDDLEMILE_CLUSTER_ENABLED", CommandEnvironment.variables().get("MIDDLEMILE_CLUSTER_ENABLED"));
        clusterSwitch.put("-Dmiddlemile.cluster.enabled", System.getProperty("middlemile.cluster.enabled"));
        for (Map.Entry<String, String> setting : clusterSwitch.entrySet()) {
            String value = setting.getValue();
            if (value != null && !value.equals("true") && !value.equals("false")) {
                throw new EngineStartException(setting.getKey() + " is \"" + value + "\"; set it to true (this engine joins the"
                        + " cluster on the shared PostgreSQL) or false, or unset it. Nothing was started.", null);
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>(extra);
        // a command run in-process with its own environment hands it to the engine, which reads secrets from it
        Map<String, String> given = CommandEnvironment.given();
        if (given != null) {
            given.forEach((variable, value) -> properties.putIfAbsent("middlemile.env." + variable, value));
        }
        if (job != null) {
            properties.put("middlemile.job", job);
        }
        if (planFile != null) {
            properties.put("middlemile.plan-file", planFile.toAbsolutePath().toString());
        }
        properties.put("middlemile.workspace", workspace.toString());
        properties.put("middlemile.once", once);
        properties.put("middlemile.from-start", fromStart);
        // loopback unless the operator says otherwise (SERVER_ADDRESS=0.0.0.0, or behind a TLS proxy): these are
        // defaults, so the environment and -D settings win
        properties.put("server.address", "127.0.0.1");
        // the REST API's OpenAPI description, under /api like the API itself (so behind its token)
        properties.put("springdoc.api-docs.path", "/api/openapi");
        // an API body with a field its endpoint does not have is refused, as an unknown query parameter is: a misspelt
        // "reasn" on the kill switch was answered as no reason given, and "nte" on a review decision lost its note. Only
        // request bodies bind with Spring's mapper (provider answers and webhooks are read with the connectors' own)
        properties.put("spring.jackson.deserialization.fail-on-unknown-properties", true);
        // on on purpose, behind the API tokens: springdoc's start-up advice to turn it off in production does not apply
        properties.put("logging.level.org.springdoc.core.events.SpringDocAppInitializer", "ERROR");
        // Actuator: health with every component's details and the Prometheus scrape, behind the API tokens like the API
        properties.put("management.endpoints.web.exposure.include", "health,prometheus");
        properties.put("management.endpoint.health.show-details", "always");
        properties.put("management.endpoint.health.show-components", "always");
        // a failing connection shows as FAILING without making the engine DOWN (observe.ConnectionHealth)
        properties.put("management.endpoint.health.status.order", "DOWN,OUT_OF_SERVICE,UP,FAILING,UNKNOWN");
        // Camel's readiness check of a job's scheduled consumer is DOWN until its first poll has ended, and a job's poll
        // is its whole run, on its schedule (an hour away, tonight, on another cluster node): every restart read as 503
        // until then. UP from the start instead, as a check that found nothing wrong yet; a poll that fails, a job's route
        // stopped, or Camel not started yet still make it DOWN. https://camel.apache.org/manual/health-check.html (initial state)
        properties.put("camel.health.initial-state", "up");
        properties.put("camel.main.name", "middlemile");
        properties.put("camel.main.routes-include-pattern", "file:" + workspace.resolve("routes") + "/*.camel.yaml");
        properties.put("camel.main.jmx-enabled", false);
        properties.put("camel.main.auto-startup", !once);
        properties.put("camel.main.main-run-controller", !once);
        properties.put("camel.main.shutdown-timeout", 10);
        // a failed page is reported by the job run itself, with the run id and what to do; Camel's trace would repeat it
        properties.put("logging.level.org.apache.camel.processor.errorhandler.DefaultErrorHandler", "OFF");
        // Camel warns of a context stopped within a second of its start and advises keeping it running: a single run is
        // short by design, and `run` stopped right after its start (a service manager's restart) is meant to stop
        properties.put("logging.level.org.apache.camel.spring.boot.SpringBootCamelContext", "ERROR");
        if (quiet) {
            properties.put("logging.level.io.middlemile", "WARN");
            // a failed start is explained by EngineStartException in words; Spring's own report would repeat it as a trace
            properties.put("logging.level.org.springframework.boot.SpringApplication", "OFF");
            properties.put("logging.level.org.springframework.boot.diagnostics", "OFF");
            properties.put("logging.level.org.flywaydb", "OFF");
            // "Exception encountered during context initialization": the same failure, as a trace
            properties.put("logging.level.org.springframework.context.annotation.AnnotationConfigApplicationContext", "ERROR");
            properties.put("logging.level.org.springframework.boot.web.servlet.context.AnnotationConfigServletWebServerApplicationContext", "ERROR");
        } else {
            properties.put("logging.level.org.apache.camel", "INFO");
        }
        try {
            SpringApplicationBuilder builder = new SpringApplicationBuilder(sources);
            // -Dmiddlemile.startup-steps=true (in MIDDLEMILE_JAVA_OPTS): where the engine's start-up goes, slowest steps first
            BufferingApplicationStartup steps = Boolean.getBoolean("middlemile.startup-steps") ? new BufferingApplicationStartup(100_000) : null;
            if (steps != null) {
                builder.applicationStartup(steps);
            }
            StartFailureAnalysis.take(); // an earlier failed start's on this thread is not this one's
            ConfigurableApplicationContext started = builder
                    .bannerMode(Banner.Mode.OFF)
                    // the embedded PostgreSQL comes up while the context is built
                    .listeners(new StoreStartAhead(), new InterruptedStop(once, System.err))
                    // `run` serves the REST API (port: server.port, default 8080); single commands need no server
                    .web(once && !Boolean.TRUE.equals(extra.get(SERVE_WEBHOOKS)) ? WebApplicationType.NONE : WebApplicationType.SERVLET)
                    .logStartupInfo(!quiet)
                    .properties(properties)
                    .run();
            if (steps != null) {
                printSlowest(steps, System.err);
            }
            return started;
        } catch (RuntimeException e) {
            throw new EngineStartException(explain(e, StartFailureAnalysis.take(), storeUrl()), e);
        }
    }

    /** The 40 slowest start-up steps (bean creations, configuration parsing, ...), with what each one was. */
    private static void printSlowest(BufferingApplicationStartup steps, PrintStream err) {
        err.println("Slowest start-up steps (ms, step, what):");
        steps.getBufferedTimeline().getEvents().stream()
                .sorted(Comparator.comparing((StartupTimeline.TimelineEvent event) -> event.getDuration()).reversed())
                .limit(40)
                .forEach(event -> {
                    StringBuilder what = new StringBuilder();
                    event.getStartupStep().getTags().forEach(tag -> what.append(' ').append(tag.getValue()));
                    err.printf("%6d %s%s%n", event.getDuration().toMillis(), event.getStartupStep().getName(), what);
                });
    }

    /** The external state store's URL as configured, without its parameters (a password may be one), or null. */
    private static String storeUrl() {
        String url = System.getProperty("spring.datasource.url", CommandEnvironment.variables().get("SPRING_DATASOURCE_URL"));
        return url == null || url.isBlank() ? null : url.replaceFirst("\\?.*", "");
    }

    /**
     * The root cause of a failed start, in words an operator can act on.
     *
     * @param analysis Spring Boot's analysis of the failure, when it had one (it names a setting and where it came from)
     * @param storeUrl the external state store's URL (SPRING_DATASOURCE_URL) without its parameters, or null for the embedded
     */
    static String explain(Throwable failure, FailureAnalysis analysis, String storeUrl) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PortInUseException inUse) {
                // the root is the JDK's bare "Address already in use", which names neither the port nor the way out
                return "The engine could not start: port " + inUse.getPort() + " is already in use, most likely by another"
                        + " `middlemile run` still running; `ss -ltnp 'sport = :" + inUse.getPort() + "'` shows"
                        + " which program has it. Stop that program, or give this engine another port:"
                        + " SERVER_PORT=8081 ./middlemile run.";
            }
            if (storeUrl != null && cause instanceof java.sql.SQLException refused && refused.getSQLState() != null
                    && (refused.getSQLState().startsWith("08") || refused.getSQLState().startsWith("28")
                    || refused.getSQLState().equals("3D000"))) {
                // a connection, a login or a database refused: the driver's own words name the host and the reason; the
                // root below them is only "Connection refused". A failing statement (a migration) is not this.
                return "The engine could not reach its state store at " + storeUrl + " (SPRING_DATASOURCE_URL): "
                        + refused.getMessage() + "\nCheck that PostgreSQL runs there and takes connections from this machine,"
                        + " and SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD. Nothing was started.";
            }
            if (storeUrl != null && String.valueOf(cause.getMessage()).contains("'url' must start with \"jdbc\"")) {
                return "The engine could not start: SPRING_DATASOURCE_URL is not a JDBC URL; write it as"
                        + " jdbc:postgresql://HOST:5432/DATABASE.";
            }
            if (cause instanceof IllegalArgumentException && String.valueOf(cause.getMessage()).startsWith("port out of range")) {
                // Tomcat's words for a server.port above 65535
                return "The engine could not start: " + cause.getMessage() + "; server.port (SERVER_PORT) takes 1 to 65535,"
                        + " 8080 by default.";
            }
        }
        Throwable root = failure;
        // a store that would not start is told in an operator's words; its cause (the library's "Connection refused")
        // says less
        while (!(root instanceof StoreStartException) && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        if (root instanceof StoreStartException) {
            return message;
        }
        if (message.contains("Migration checksum mismatch") || message.contains("Validate failed")) {
            return "The state store was created by a different build of Middlemile whose schema migrations differ from this"
                    + " one's:\n  " + message.lines().findFirst().orElse("") + "\nIf this is a local workspace you can start"
                    + " over by deleting its .middlemile/pg folder; in production, run the migrations of the version that"
                    + " created the database first.";
        }
        if (root instanceof io.middlemile.workspace.WorkspaceException) {
            return message;
        }
        if (analysis != null) {
            // Spring's report, without the blank lines it puts between its parts
            return ("The engine could not start: " + analysis.getDescription().strip() + "\n" + analysis.getAction().strip())
                    .replaceAll("\n\\s*\n", "\n");
        }
        return "The engine could not start: " + message + "\n(" + root.getClass().getSimpleName()
                + "; run with MIDDLEMILE_JAVA_OPTS=-Dlogging.level.root=INFO for details)";
    }
}
