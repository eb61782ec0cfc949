package io.middlemile.mapping;

import io.middlemile.connector.Providers;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** take: provenance writes who found an enriched value; a value the source had gets nothing. */
class ProvenanceLineTest {

    private static final Mapper ENRICHED = Mapper.all(new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG)
            .load(TestWorkspaces.BUNDLED).orThrow()).get("enriched-contacts");

    @Test
    void anEnrichedValueCarriesItsProviderTimeVerdictConfidenceAndCost() {
        Instant found = Instant.parse("2026-12-03T05:00:00.123Z");
        CanonicalRecord record = CanonicalRecord.empty(Entity.PERSON, new SourceRef("legacy-crm-export", "contacts", "1002"), null)
                .with("email", "liz.obrien@gmail.com", new Provenance("legacy-crm-export", found))
                .with("mobilePhone", "+15705550301", new Provenance("fullenrich", found, 0.9, "DELIVERABLE", 0.29));

        TargetRecord written = ENRICHED.fromCanonical(record).record();

        assertThat(written.fields()).containsEntry("mobilephone", "+15705550301")
                .containsEntry("mobilephone_source", "fullenrich 2026-12-03T05:00:00Z DELIVERABLE confidence 0.90 cost 0.29")
                .containsEntry("email", "liz.obrien@gmail.com")
                .doesNotContainKey("email_source");
    }
}
