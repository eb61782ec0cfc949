package io.middlemile.dedupe;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled account rule (dedupe/accounts.yaml) on small cases: default weights and the file's prior. */
class AccountDedupeTest {

    private static DedupeRules rules;

    @BeforeAll
    static void loadBundledRule() {
        WorkspaceLoader.Result loaded = new WorkspaceLoader(Map.of("HUBSPOT_TOKEN", "x"), Transforms.CATALOG,
                Providers.CATALOG).load(Path.of(System.getProperty("user.dir")));
        assertThat(loaded.errors()).as("%s", loaded.errors()).noneMatch(e -> e.toString().contains("dedupe"));
        rules = DedupeRules.from(loaded.workspace().dedupe().get("accounts"));
    }

    private static CanonicalRecord company(String id, String... fieldsAndValues) {
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        Provenance p = new Provenance("crm", null);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put(fieldsAndValues[i], new FieldValue(fieldsAndValues[i + 1], p));
        }
        return new CanonicalRecord(Entity.COMPANY, new SourceRef("crm", "companies", id), null, fields);
    }

    private static DedupeResult run(CanonicalRecord... records) {
        return new DedupeEngine(rules).run(List.of(records).iterator());
    }

    @Test
    void aNameWithItsLegalFormAndTheSameDomainMerge() {
        DedupeResult r = run(company("1", "name", "ACME, Inc.", "domain", "https://www.acme.com/", "country", "US"),
                company("2", "name", "Acme Inc", "domain", "acme.com", "country", "US"));
        assertThat(r.explain(0, 1).decision()).as(r.explain(0, 1).summary()).isEqualTo(MatchDecision.AUTO_MERGE);
        assertThat(r.clusterId(0)).isEqualTo(r.clusterId(1));
    }

    @Test
    void aRegionalSubdomainIsTheParentCompany() {
        DedupeResult r = run(company("1", "name", "Acme GmbH", "domain", "eu.acme.com"),
                company("2", "name", "Acme Corporation", "domain", "acme.com"));
        PairDecision d = r.explain(0, 1);
        assertThat(d.explanation()).anySatisfy(c -> assertThat(c.level()).isEqualTo("parent-or-subdomain"));
        assertThat(d.decision()).as(d.summary()).isEqualTo(MatchDecision.AUTO_MERGE);
        assertThat(Comparators.isSubdomain("eu.acme.com", "acme.com")).isTrue();
        assertThat(Comparators.isSubdomain("notacme.com", "acme.com")).isFalse();
    }

    @Test
    void theSameLinkedInCompanyPageMergesWithoutADomain() {
        DedupeResult r = run(company("1", "name", "Globex", "linkedinUrl", "https://www.linkedin.com/company/globex/"),
                company("2", "name", "Globex Corporation", "linkedinUrl", "linkedin.com/company/globex"));
        assertThat(r.explain(0, 1).decision()).as(r.explain(0, 1).summary()).isEqualTo(MatchDecision.AUTO_MERGE);
    }

    @Test
    void twoLinkedInCompanyPagesConflict() {
        DedupeResult r = run(
                company("1", "name", "Globex", "domain", "globex.com", "linkedinUrl", "linkedin.com/company/globex"),
                company("2", "name", "Globex", "domain", "globex.com", "linkedinUrl", "linkedin.com/company/globex-labs"));
        PairDecision d = r.explain(0, 1);
        assertThat(d.decision()).isNotEqualTo(MatchDecision.AUTO_MERGE);
        assertThat(d.conflicts()).singleElement().asString().contains("two different LinkedIn pages");
    }

    @Test
    void theSameNameInAnotherCountryIsAnotherAccountAtBestForReview() {
        DedupeResult sameSite = run(company("1", "name", "Acme GmbH", "domain", "acme.com", "country", "DE"),
                company("2", "name", "Acme Inc.", "domain", "acme.com", "country", "US"));
        PairDecision d = sameSite.explain(0, 1);
        assertThat(d.decision()).as(d.summary()).isEqualTo(MatchDecision.REVIEW);
        assertThat(d.conflicts()).containsExactly("different countries: DE and US");
        DedupeResult ownSites = run(company("1", "name", "Acme GmbH", "domain", "acme.de", "country", "DE"),
                company("2", "name", "Acme Inc.", "domain", "acme.com", "country", "US"));
        assertThat(ownSites.explain(0, 1).decision()).isEqualTo(MatchDecision.NO_MATCH);
        assertThat(ownSites.clusterId(0)).isNotEqualTo(ownSites.clusterId(1));
    }
}
