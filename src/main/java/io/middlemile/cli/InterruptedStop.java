package io.middlemile.cli;

import io.middlemile.store.ProcessExit;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

import java.io.PrintStream;

/**
 * An engine closing because the JVM is exiting under it (Ctrl-C, SIGTERM): says so once for a command that had not
 * finished, and keeps the connection pool's own warnings out of the log. Closing, the pool aborts the connections still
 * in use (a dedupe's match index being written, a save), which then break as intended; HikariCP reported each as "marked
 * as broken" with a stack trace, which read like a failure of its own. What was in progress rolls back either way.
 */
final class InterruptedStop implements ApplicationListener<ContextClosedEvent> {

    private final boolean command;
    private final PrintStream err;

    /** @param command a command that ends by itself (not `run`, which Ctrl-C is the way to stop) */
    InterruptedStop(boolean command, PrintStream err) {
        this.command = command;
        this.err = err;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (!ProcessExit.underway()) {
            return; // the command closed its engine itself, having finished
        }
        LoggingSystem.get(InterruptedStop.class.getClassLoader()).setLogLevel("com.zaxxer.hikari", LogLevel.ERROR);
        if (command) {
            err.println("Interrupted (Ctrl-C or SIGTERM) before the command finished: stopping. What it had committed is kept and"
                    + " what it was in the middle of is rolled back (a job run ends paused and its next run continues it; a"
                    + " dedupe run saves nothing and the previous one stays in use). Run the command again to finish.");
        }
    }
}
