package io.middlemile.dedupe;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.workspace.DedupeConfig;
import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled sample workspace's dedupe rules still load, validate and run with the engine's additions. */
class WorkspaceRulesTest {

    @Test
    void bundledContactRulesRun() {
        WorkspaceLoader.Result result = new WorkspaceLoader(Map.of("HUBSPOT_TOKEN", "x"), Transforms.CATALOG, Providers.CATALOG)
                .load(Path.of(System.getProperty("user.dir")));
        assertThat(result.errors()).as("%s", result.errors()).noneMatch(e -> e.toString().contains("dedupe"));
        DedupeConfig config = result.workspace().dedupe().get("contacts");
        assertThat(config).isNotNull();
        DedupeRules rules = DedupeRules.from(config);
        assertThat(rules.mode()).isEqualTo(DedupeRules.Mode.DEDUPE);
        assertThat(rules.maxBlockSize()).isEqualTo(DedupeRules.DEFAULT_MAX_BLOCK_SIZE);
        DedupeResult run = new DedupeEngine(rules).run(List.of(
                TestRecords.person("legacy-crm-export", "1", "email", "Ann.Lee@acme.com", "firstName", "Ann",
                        "lastName", "Lee", "companyDomain", "acme.com"),
                TestRecords.person("hubspot", "2", "email", "ann.lee@acme.com", "firstName", "Annie",
                        "lastName", "Lee", "companyDomain", "https://www.acme.com/")).iterator());
        assertThat(run.clusterId(0)).as(run.explain(0, 1).summary()).isEqualTo(run.clusterId(1));
    }

    @Test
    void weightsNamingALevelTheComparisonDoesNotHaveAreRefusedNotSkipped() {
        DedupeConfig.Comparison known = new DedupeConfig.Comparison("title", "jaro-winkler", null, Map.of("different", 0.9), null);
        DedupeConfig.Comparison misspelt = new DedupeConfig.Comparison("title", "jaro-winkler", null, null, Map.of("diferent", 0.9));
        DedupeConfig.Thresholds thresholds = new DedupeConfig.Thresholds(0.98, 0.8);

        DedupeRules rules = DedupeRules.from(new DedupeConfig("t", "person", List.of("s"), List.of(List.of("email")),
                List.of(known), thresholds));

        assertThat(rules.comparisons().get(0).m()).containsEntry("different", 0.9);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DedupeRules.from(new DedupeConfig("t", "person", List.of("s"),
                        List.of(List.of("email")), List.of(misspelt), thresholds)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("comparison on title (jaro-winkler): m or u names the level \"diferent\", which it does not have;"
                        + " its levels are [exact, jaro-winkler>=0.92, jaro-winkler>=0.80, different]");
    }
}
