package io.middlemile.connector;

/** Result of {@link Connector#check()}: healthy, or what is wrong and what to do about it. */
public record HealthCheck(boolean healthy, String message) {
    public static HealthCheck ok(String message) {
        return new HealthCheck(true, message);
    }

    public static HealthCheck failed(String message) {
        return new HealthCheck(false, message);
    }
}
