package io.middlemile.web.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Instants as the console prints them: in the engine's time zone, to the second, with the zone named. */
public final class Times {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(ZoneId.systemDefault());

    public String at(Instant instant) {
        return instant == null ? "" : FORMAT.format(instant);
    }
}
