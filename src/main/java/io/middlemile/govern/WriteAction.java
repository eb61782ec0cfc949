package io.middlemile.govern;

import java.util.Locale;

/** What a write does to the target; policies and caps are set per action. */
public enum WriteAction {
    CREATE, UPDATE, MERGE, ARCHIVE, SEND, SPEND;

    /** The name used in workspace files and the store. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WriteAction of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
