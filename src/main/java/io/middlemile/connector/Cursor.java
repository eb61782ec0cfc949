package io.middlemile.connector;

/**
 * An opaque position in a source, owned by the connector that made it and stored by the hub. The
 * hub commits a cursor only after every write of the page that produced it is durable, so a cursor
 * value must identify a position from which reading again neither skips nor repeats records
 * (ties on a timestamp are broken by id).
 */
public record Cursor(String value) {
    public static final Cursor START = new Cursor("");

    public boolean isStart() {
        return value == null || value.isEmpty();
    }
}
