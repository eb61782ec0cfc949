package io.middlemile.mapping;

/** A record that cannot be mapped; the message says which field and why. */
public class MappingException extends RuntimeException {
    public MappingException(String message) {
        super(message);
    }
}
