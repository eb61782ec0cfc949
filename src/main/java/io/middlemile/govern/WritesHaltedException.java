package io.middlemile.govern;

/**
 * Writes stopped on purpose: the kill switch is on or a cap was reached. The run ends halted, with
 * its last committed page intact, and resumes when run again after the cause is lifted.
 */
public class WritesHaltedException extends RuntimeException {
    public WritesHaltedException(String message) {
        super(message);
    }
}
