package io.middlemile.workspace;

import java.util.Map;

/**
 * The variables {@code ${VAR}} secret references of connector files resolve against: the process environment, and
 * in a rehearsal the emulators' made-up credentials. One bean, so the loader and the connectors agree.
 */
public record SecretEnvironment(Map<String, String> variables) {

    @Override
    public String toString() {
        // the values are secrets: never printed
        return "SecretEnvironment" + variables.keySet().stream().sorted().toList();
    }
}
