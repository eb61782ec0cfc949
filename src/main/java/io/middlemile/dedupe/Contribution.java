package io.middlemile.dedupe;

/**
 * One line of a pair explanation.
 *
 * @param comparison which comparison ("lastName (last-name)"), or "prior"
 * @param level      the level it reached ("exact", "nickname", "missing", ...)
 * @param weight     its match weight in bits (log2 of m/u); positive for, negative against a match
 */
public record Contribution(String comparison, String level, double weight) {
}
