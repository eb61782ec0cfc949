package io.middlemile.observe;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's logback.xml: text lines by default, one JSON object per line with {@code MIDDLEMILE_LOG_FORMAT=json}; a
 * job run's lines carry its run id (and job) either way, as the executor puts them in the MDC.
 */
class JsonLogsTest {

    private static String logged(String format) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            if (format != null) {
                context.putProperty("MIDDLEMILE_LOG_FORMAT", format);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(JsonLogsTest.class.getResource("/logback.xml"));
            // a warning in the configuration makes logback print its whole status report before every command's output
            assertThat(new ch.qos.logback.core.status.StatusUtil(context).getHighestLevel(0))
                    .as(context.getStatusManager().getCopyOfStatusList().toString()).isLessThan(ch.qos.logback.core.status.Status.WARN);
            Logger log = context.getLogger("io.middlemile.sync.JobExecutor");
            MDC.put("run", "42");
            MDC.put("job", "import-contacts");
            log.info("Resuming run {} of job {}", 42, "import-contacts");
            MDC.clear();
            log.warn("outside any run");
        } finally {
            MDC.clear();
            context.stop();
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonLinesCarryTheRunAndJob() throws Exception {
        String[] lines = logged("json").strip().split("\n");

        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("{").contains("\"level\":\"INFO\"").contains("\"loggerName\":\"io.middlemile.sync.JobExecutor\"")
                .contains("\"run\":\"42\"")
                .contains("\"job\":\"import-contacts\"").contains("Resuming run 42 of job import-contacts");
        assertThat(lines[1]).contains("\"level\":\"WARN\"").doesNotContain("\"run\"");
    }

    @Test
    void textLinesNameTheRunOnlyInsideOne() throws Exception {
        String[] lines = logged(null).strip().split("\n");

        assertThat(lines[0]).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.*] JobExecutor: run 42 Resuming run 42 of job import-contacts");
        assertThat(lines[1]).endsWith("JobExecutor: outside any run");
    }
}
