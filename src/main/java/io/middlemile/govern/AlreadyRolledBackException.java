package io.middlemile.govern;

/**
 * A run that an earlier rollback already undid, of which nothing is left to undo: rolling it back again would record a
 * rollback run that changes nothing (an operator who retried, or two who clicked at once). Nothing is done for it.
 */
public class AlreadyRolledBackException extends IllegalStateException {

    public AlreadyRolledBackException(String message) {
        super(message);
    }
}
