package io.middlemile.cli;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Keeps Spring Boot's own analysis of a failed start (a setting that does not read as its type, with where it came from;
 * a bean that cannot be made) for {@link EngineLauncher} to tell in the command's words: the commands turn Spring's
 * report off, and the root cause alone ("For input string: \"abc\"") names neither the setting nor its source.
 * Registered in {@code META-INF/spring.factories}; Spring reports on the thread that started the context.
 */
public final class StartFailureAnalysis implements FailureAnalysisReporter {

    private static final ThreadLocal<FailureAnalysis> LAST = new ThreadLocal<>();

    @Override
    public void report(FailureAnalysis analysis) {
        LAST.set(analysis);
    }

    /** The analysis of this thread's last failed start, or null; forgotten once taken. */
    static FailureAnalysis take() {
        FailureAnalysis analysis = LAST.get();
        LAST.remove();
        return analysis;
    }
}
