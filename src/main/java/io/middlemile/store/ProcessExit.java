package io.middlemile.store;

/** Whether this JVM is exiting: running its shutdown hooks (Ctrl-C, SIGTERM, the end of a command). */
public final class ProcessExit {

    private ProcessExit() {
    }

    /** True while the shutdown hooks run: the JVM then refuses new ones (no other way to ask it exists). */
    public static boolean underway() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException exiting) {
            return true;
        }
    }
}
