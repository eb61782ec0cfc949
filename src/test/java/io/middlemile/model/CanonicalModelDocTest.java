package io.middlemile.model;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/canonical-model.md is generated from {@link Entity} so the documented field names can never
 * drift from the ones mappings are validated against. Regenerate with {@code -Dgolden.update=true}.
 */
class CanonicalModelDocTest {

    private static final Path DOC = Path.of("docs/canonical-model.md");

    @Test
    void documentationListsExactlyTheCanonicalFields() throws Exception {
        StringBuilder doc = new StringBuilder("""
                # The canonical model

                Every connector's records are mapped to and from these entities (`entity:` in a mapping file).
                A mapping naming a field that is not listed here is a validation error. Every value carries its
                provenance: the connection or provider that set it, and when.

                This page is generated from `io.middlemile.model.Entity` by `CanonicalModelDocTest`.
                """);
        for (Entity entity : Entity.values()) {
            doc.append("\n## ").append(entity.id()).append("\n\n| field | type | meaning |\n|---|---|---|\n");
            entity.fields().values().stream()
                    .sorted((a, b) -> a.name().compareTo(b.name()))
                    .forEach(field -> doc.append("| `").append(field.name()).append("` | ")
                            .append(field.type().name().toLowerCase().replace('_', '-')).append(" | ")
                            .append(field.description()).append(" |\n"));
        }
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(DOC, doc.toString());
        }
        assertThat(Files.readString(DOC)).isEqualTo(doc.toString());
    }
}
