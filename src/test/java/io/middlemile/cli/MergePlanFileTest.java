package io.middlemile.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.dedupe.DedupeStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The merge plan file written from the texts the state store is sent, as the store asks for them. */
class MergePlanFileTest {

    private static final DedupeStats STATS = new DedupeStats(4, 3, 0, 0, 2, 1, 1, 0, 3, 1, 5, -11.5, 1, 1, 1, 1, 1);

    @TempDir
    Path dir;

    @Test
    void writesMergesReviewsAndStatsAsOneJsonObjectWithTheTextsItHandedOut() throws Exception {
        Path plan = dir.resolve("dedupe/contacts-plan.json");
        List<String> handed;
        try (MergePlanFile file = MergePlanFile.create(plan)) {
            List<byte[]> merges = file.merges(List.of(Map.of("clusterId", "1"), Map.of("clusterId", "2", "note", "tab\there Zoë")));
            List<byte[]> reviews = file.reviews(List.of(Map.of("left", "a")));
            // as DedupeRunStore.save reads them: sizes first, then every merge, then every review
            assertThat(merges).hasSize(2);
            handed = java.util.stream.Stream.of(merges.get(0), merges.get(1), reviews.get(0))
                    .map(json -> new String(json, java.nio.charset.StandardCharsets.UTF_8)).toList();
            file.finish(STATS);
        }

        String json = Files.readString(plan);
        assertThat(json).isEqualTo("{\"merges\":[" + handed.get(0) + "," + handed.get(1) + "],\"reviews\":[" + handed.get(2)
                + "],\"stats\":" + new ObjectMapper().writeValueAsString(STATS) + "}");
        assertThat(new ObjectMapper().readTree(json).get("merges").get(1).get("note").asText()).isEqualTo("tab\there Zoë");
        assertThat(Files.list(plan.getParent())).containsExactly(plan);
    }

    @Test
    void aPlanWithoutMergesOrReviewsStillHasBothArrays() throws Exception {
        Path plan = dir.resolve("plan.json");
        try (MergePlanFile file = MergePlanFile.create(plan)) {
            file.reviews(List.of(Map.of("left", "a"))).get(0);
            file.finish(STATS);
        }
        assertThat(new ObjectMapper().readTree(plan.toFile()).get("merges").size()).isZero();
        assertThat(new ObjectMapper().readTree(plan.toFile()).get("reviews").size()).isEqualTo(1);

        try (MergePlanFile file = MergePlanFile.create(plan)) {
            file.finish(STATS);
        }
        assertThat(Files.readString(plan)).startsWith("{\"merges\":[],\"reviews\":[],\"stats\":{");
    }

    @Test
    void anItemAskedForOutOfOrderIsRefusedNamingTheFile() {
        Path plan = dir.resolve("plan.json");
        try (MergePlanFile file = MergePlanFile.create(plan)) {
            List<byte[]> merges = file.merges(List.of(Map.of("a", 1), Map.of("b", 2)));
            assertThatThrownBy(() -> merges.get(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(plan.toString()).hasMessageContaining("merges item 1").hasMessageContaining("item 0 was due");
            merges.get(0);
            file.reviews(List.of(Map.of("c", 3))).get(0);
            assertThatThrownBy(() -> merges.get(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("merges first, then reviews");
        }
    }

    @Test
    void aRunThatFailsBeforeTheEndLeavesThePreviousPlanAndNoPartialFile() throws Exception {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"merges\":[],\"reviews\":[],\"stats\":{}}");

        try (MergePlanFile file = MergePlanFile.create(plan)) {
            file.merges(List.of(Map.of("a", 1))).get(0);
            // the store's save failed here: no finish
        }

        assertThat(Files.readString(plan)).isEqualTo("{\"merges\":[],\"reviews\":[],\"stats\":{}}");
        assertThat(Files.list(dir)).containsExactly(plan);
    }
}
