package io.middlemile.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.middlemile.connector.Providers;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.FieldValue;
import io.middlemile.model.SourceRef;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.MappingConfig;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files for every bundled mapping: sample provider records, the canonical records they map
 * to (with notes), and the provider records those canonical records map back to. Files live in
 * {@code src/test/resources/mapping-golden/MAPPING.yaml}; regenerate the expectations with
 * {@code -Dgolden.update=true} and review the diff before committing it.
 */
class MappingGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/mapping-golden");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final Workspace WORKSPACE = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG)
            .load(TestWorkspaces.BUNDLED).orThrow();

    /** One golden case: the input and what the mapping must make of it. */
    record Case(String name, Map<String, String> input, String modifiedAt, Map<String, String> canonical,
                List<String> notes, Map<String, String> output, String rejected) {
    }

    record GoldenFile(List<Case> cases) {
    }

    static Stream<String> mappings() {
        return WORKSPACE.mappings().keySet().stream().sorted();
    }

    @Test
    void everyBundledMappingHasAGoldenFile() {
        assertThat(mappings().filter(id -> !Files.exists(GOLDEN.resolve(id + ".yaml"))).toList())
                .as("mappings without src/test/resources/mapping-golden/ID.yaml").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void mapsEveryGoldenCaseExactly(String id) throws IOException {
        Path file = GOLDEN.resolve(id + ".yaml");
        if (!Files.exists(file)) {
            return; // reported by everyBundledMappingHasAGoldenFile
        }
        MappingConfig config = WORKSPACE.mappings().get(id);
        Mapper mapper = new Mapper(config, WORKSPACE.connectors().get(config.connector()).object(config.object()));
        GoldenFile golden = YAML.readValue(file.toFile(), GoldenFile.class);
        assertThat(golden.cases()).as("cases in " + file).isNotEmpty();
        List<Case> actual = new ArrayList<>();
        for (Case expected : golden.cases()) {
            actual.add(run(mapper, config, expected));
        }
        if (Boolean.getBoolean("golden.update")) {
            YAML.writeValue(file.toFile(), new GoldenFile(actual));
            return;
        }
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i)).as(id + " case " + golden.cases().get(i).name()).isEqualTo(golden.cases().get(i));
        }
    }

    private static Case run(Mapper mapper, MappingConfig config, Case golden) {
        Instant modified = golden.modifiedAt() == null ? Instant.parse("2024-03-05T14:07:00Z") : Instant.parse(golden.modifiedAt());
        String idField = WORKSPACE.connectors().get(config.connector()).object(config.object()).id();
        Object id = golden.input().get(idField);
        SourceRecord record = new SourceRecord(new SourceRef(config.connector(), config.object(), id == null ? "golden-1" : id.toString()),
                new LinkedHashMap<>(golden.input()), modified, "golden");
        try {
            Mapped<CanonicalRecord> canonical = mapper.toCanonical(record);
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, FieldValue> field : canonical.record().fields().entrySet()) {
                values.put(field.getKey(), String.valueOf(field.getValue().value()));
            }
            Mapped<TargetRecord> back = mapper.fromCanonical(canonical.record());
            Map<String, String> output = new LinkedHashMap<>();
            back.record().fields().forEach((field, value) -> output.put(field, value == null ? null : value.toString()));
            return new Case(golden.name(), golden.input(), golden.modifiedAt(), values, canonical.notes(), output, null);
        } catch (MappingException e) {
            return new Case(golden.name(), golden.input(), golden.modifiedAt(), null, null, null, e.getMessage());
        }
    }
}
