package io.middlemile.camel;

/**
 * How the engine was started: {@code once} for {@code middlemile job run NAME} (no schedules; the
 * CLI runs one job and exits), otherwise serving all routes on their schedules.
 *
 * @param once     true for a single job run
 * @param fromStart ignore stored cursors in this single run
 * @param planFile  plan instead of writing, and save the plan here (single runs only)
 */
public record EngineMode(boolean once, boolean fromStart, java.nio.file.Path planFile) {
}
