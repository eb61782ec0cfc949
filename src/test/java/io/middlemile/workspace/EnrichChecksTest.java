package io.middlemile.workspace;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.testing.TestWorkspaces;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A waterfall file's mistakes are file:line errors before any credit is spent. */
class EnrichChecksTest {

    @Test
    void theBundledWaterfallIsValidAndNamesOnlyEnrichmentConnections(@TempDir Path root) {
        TestWorkspaces.copyBundled(root);

        WorkspaceLoader.Result result = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(root);

        assertThat(result.errors()).isEmpty();
        assertThat(result.workspace().enrich().get("contacts").groups()).extracting(EnrichConfig.Group::name)
                .containsExactly("work-email", "mobile-phone", "job");
    }

    @Test
    void everyMistakeOfAWaterfallIsReportedWithItsLine(@TempDir Path root) throws IOException {
        List<Tuple> errors = errors(root, "enrich/broken.yaml", """
                entity: person
                groups:
                  - name: email
                    fields: [email, shoeSize]
                    providers:
                      - connection: nowhere
                      - connection: hubspot
                      - connection: apollo
                        onlyIf:
                          - field: planet
                            in: [earth]
                  - name: email
                    fields: [phone]
                    providers:
                      - connection: crustdata
                credits:
                  apollo: 0.025
                  fullenrich: 0.03
                """);

        assertThat(errors).containsExactlyInAnyOrder(
                        tuple(4, "\"shoeSize\" is not a canonical person field"),
                        tuple(6, "unknown connection \"nowhere\""),
                        tuple(7, "hubspot is a hubspot connection, not an enrichment provider"),
                        tuple(8, "apollo may not buy shoeSize (connectors/apollo.yaml lists [email, mobilePhone, title, seniority] under people)"),
                        tuple(10, "\"planet\" is not a canonical person field"),
                        tuple(12, "\"email\" is the name of an earlier group"),
                        tuple(15, "crustdata may not buy phone (connectors/crustdata.yaml lists [email, mobilePhone, title, seniority] under people)"),
                        tuple(16, "has no price for crustdata, which a group asks"),
                        tuple(18, "prices fullenrich, which no group asks"));
    }

    @Test
    void countriesInConditionsAreCodesAndCachedResultsAreKeptAsLongAsTheyAreReused(@TempDir Path root) throws IOException {
        List<Tuple> errors = errors(root, "enrich/countries.yaml", """
                entity: person
                groups:
                  - name: phone
                    fields: [mobilePhone]
                    providers:
                      - connection: fullenrich
                        onlyIf:
                          - {field: country, in: [US, USA, Germany]}
                          - {field: country, equals: de}
                credits:
                  fullenrich: 0.03
                cache:
                  ttlDays: 400
                  retentionDays: 180
                """);

        assertThat(errors).containsExactlyInAnyOrder(
                        tuple(8, "\"USA\" is not an ISO 3166-1 alpha-2 country code such as DE or US"),
                        tuple(8, "\"Germany\" is not an ISO 3166-1 alpha-2 country code such as DE or US"),
                        tuple(13, "400 days is longer than retentionDays (180): a result is deleted after 180 days and paid for"
                                + " again, so it is never reused that long"));
    }

    /** The bundled workspace with {@code file} added: that file's errors as (line, message up to its first ';'). */
    private static List<Tuple> errors(Path root, String file, String yaml) throws IOException {
        TestWorkspaces.copyBundled(root);
        Files.writeString(root.resolve(file), yaml);
        return new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(root).errors().stream()
                .filter(e -> e.file().equals(file)).map(e -> tuple(e.line(), e.message().replaceAll(";.*", ""))).toList();
    }
}
