package io.middlemile.sync;

/** Another engine process is running the same job right now. */
public class JobBusyException extends RuntimeException {
    public JobBusyException(String message) {
        super(message);
    }
}
