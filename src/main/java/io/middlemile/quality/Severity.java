package io.middlemile.quality;

import java.util.Locale;

/** How much a finding matters, from a nudge to a record that blocks a process (a deal that cannot be forecast). */
public enum Severity {
    INFO, WARNING, ERROR;

    /** The word rule files and reports use: info, warning, error. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
