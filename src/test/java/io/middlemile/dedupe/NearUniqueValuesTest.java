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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Learned weights for nearly unique values: an exact company name is counted over every pair that shares it, so
 * the duplicates among random pairs do not make it look common. Enough records to estimate from (above 500).
 */
class NearUniqueValuesTest {

    private static final int COMPANIES = 3000;
    private static final List<String> COUNTRIES = List.of("US", "GB", "DE", "FR", "US", "US");
    private static final List<String> NAMES = List.of("Granite", "Willow", "Harbor", "Summit", "Cedar", "Falcon");
    private static DedupeResult result;
    private static final Map<String, Integer> rows = new LinkedHashMap<>();

    @BeforeAll
    static void run() {
        WorkspaceLoader.Result loaded = new WorkspaceLoader(Map.of("HUBSPOT_TOKEN", "x"), Transforms.CATALOG,
                Providers.CATALOG).load(Path.of(System.getProperty("user.dir")));
        DedupeRules rules = DedupeRules.from(loaded.workspace().dedupe().get("accounts"));
        List<CanonicalRecord> records = new ArrayList<>();
        for (int c = 0; c < COMPANIES; c++) {
            String name = NAMES.get(c % NAMES.size()) + " Analytics " + c;
            String slug = name.toLowerCase().replace(" ", "");
            String country = COUNTRIES.get(c % COUNTRIES.size());
            add(records, "a" + c, name + " Inc.", slug + ".com", country);
            if (c % 3 == 0) {
                // a duplicate in the other CRM: another legal form, the same country, the domain only every other time
                add(records, "b" + c, name + " LLC", c % 2 == 0 ? null : "www." + slug + ".com", country);
            }
            if (c % 50 == 0) {
                // the group's company in another country: same name, its own domain
                add(records, "x" + c, name + " GmbH", slug + ".de", "DE".equals(country) ? "AT" : "DE");
            }
        }
        result = new DedupeEngine(rules).run(records.iterator());
    }

    private static void add(List<CanonicalRecord> records, String id, String name, String domain, String country) {
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        Provenance p = new Provenance("crm", null);
        fields.put("name", new FieldValue(name, p));
        if (domain != null) {
            fields.put("domain", new FieldValue(domain, p));
        }
        fields.put("country", new FieldValue(country, p));
        rows.put(id, records.size());
        records.add(new CanonicalRecord(Entity.COMPANY, new SourceRef("crm", "companies", id), null, fields));
    }

    @Test
    void anExactRareNameInTheSameCountryMergesWithoutADomain() {
        for (int c = 0; c < COMPANIES; c += 6 * 37) {
            PairDecision d = result.explain(rows.get("a" + c), rows.get("b" + c));
            assertThat(d.decision()).as(d.summary()).isEqualTo(MatchDecision.AUTO_MERGE);
            assertThat(result.clusterId(rows.get("a" + c))).isEqualTo(result.clusterId(rows.get("b" + c)));
        }
    }

    @Test
    void theSameNameInAnotherCountryStaysApart() {
        for (int c = 0; c < COMPANIES; c += 50 * 7) {
            PairDecision d = result.explain(rows.get("a" + c), rows.get("x" + c));
            assertThat(d.decision()).as(d.summary()).isNotEqualTo(MatchDecision.AUTO_MERGE);
            assertThat(d.conflicts()).as(d.summary()).anySatisfy(x -> assertThat(x).contains("different countries"));
            assertThat(result.clusterId(rows.get("a" + c))).isNotEqualTo(result.clusterId(rows.get("x" + c)));
        }
    }
}
