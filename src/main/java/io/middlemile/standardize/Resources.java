package io.middlemile.standardize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Loads bundled tables from {@code src/main/resources/standardize}. Missing resources are a packaging bug, so they fail fast. */
final class Resources {

    private Resources() {
    }

    /** Non-blank lines, trimmed, with {@code #} comment lines skipped. */
    static List<String> lines(String name) {
        String path = "/standardize/" + name;
        try (InputStream in = Resources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled resource " + path);
            }
            List<String> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String t = line.strip();
                    if (!t.isEmpty() && !t.startsWith("#")) {
                        out.add(t);
                    }
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> lowerSet(String name) {
        return Set.copyOf(lines(name).stream().map(s -> s.toLowerCase(java.util.Locale.ROOT)).toList());
    }
}
