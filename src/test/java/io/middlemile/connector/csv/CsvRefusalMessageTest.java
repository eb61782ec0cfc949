package io.middlemile.connector.csv;

import io.middlemile.connector.ConnectorException;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.middlemile.connector.csv.CsvTestSupport.connector;
import static io.middlemile.connector.csv.CsvTestSupport.contacts;
import static io.middlemile.connector.csv.CsvTestSupport.readAll;
import static io.middlemile.connector.csv.CsvTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Refusals and reject reasons quote column names from the file, which a damaged header can make any size: they
 * stay short, and still say which column, where, and what to do.
 */
class CsvRefusalMessageTest {

    private static final String HUGE = "x".repeat(100_000);

    @TempDir
    Path root;

    @Test
    void aHugeHeaderValueIsCutInTheMissingColumnRefusal() throws Exception {
        Path file = write(root, "c.csv", "id,name," + HUGE + "\n1,Ann,a\n");

        assertThatThrownBy(() -> readAll(connector(root, "c.csv", "auto", contacts("id", "name", "email")), 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INVALID_REQUEST);
                    assertThat(e.getMessage()).hasSizeLessThan(1_000)
                            .contains("CSV file " + file.toAbsolutePath())
                            .contains("header on line 1, 3 columns: [id, name, " + "x".repeat(60) + "… (100000 characters)]")
                            .contains("has no column(s) [email]")
                            .contains("Export those columns, or remove them from the connector file");
                });
    }

    @Test
    void aHeaderWithManyColumnsListsTheFirstAndCountsTheRest() throws Exception {
        String header = IntStream.rangeClosed(1, 500).mapToObj(i -> "column " + i).collect(Collectors.joining(","));
        write(root, "wide.csv", header + "\n" + ",".repeat(499) + "\n");

        assertThatThrownBy(() -> readAll(connector(root, "wide.csv", "auto", contacts("id")), 10))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("500 columns: [column 1, column 2, ")
                .hasMessageContaining(", column 30, and 470 more]")
                .hasMessageNotContaining("column 31")
                .hasMessageContaining("has no column 'id'")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1_000));

        // long names: the list stops at about 600 characters, however few names that is
        String longNames = IntStream.rangeClosed(1, 40).mapToObj(i -> i + "y".repeat(200)).collect(Collectors.joining(","));
        write(root, "long.csv", longNames + "\n");
        assertThatThrownBy(() -> readAll(connector(root, "long.csv", "auto", contacts("id")), 10))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining(", and 33 more]")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1_500));
    }

    @Test
    void aDuplicatedColumnIsNamedWithBothPositionsAndCut() throws Exception {
        Path file = write(root, "dup.csv", "id," + HUGE + ",name," + HUGE + "\n1,a,b,c\n");

        assertThatThrownBy(() -> readAll(connector(root, "dup.csv", "auto", contacts("id")), 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INVALID_REQUEST);
                    assertThat(e.getMessage()).hasSizeLessThan(1_000)
                            .startsWith("The header row of " + file.toAbsolutePath() + " (line 1) names column '"
                                    + "x".repeat(60) + "… (100000 characters)' twice (columns 2 and 4 of 4)")
                            .contains("Rename or remove one of them in the export.");
                });
    }

    @Test
    void aRejectReasonNamesALongHeaderColumnCut() throws Exception {
        write(root, "c.csv", "id," + HUGE + "\n1,ok\n2,bad \"quote\n");
        ObjectConfig config = new ObjectConfig("id", null, List.of("id", HUGE));

        CsvTestSupport.Result result = readAll(connector(root, "c.csv", "auto", config), 10);

        assertThat(result.ids()).containsExactly("1");
        assertThat(result.rejected).singleElement().satisfies(r -> {
            assertThat(r.location()).isEqualTo("c.csv:3");
            assertThat(r.reason()).startsWith("bad quoting: a quote in the middle of unquoted field 2 (" + "x".repeat(60) + "… (")
                    .hasSizeLessThan(1_000);
        });
    }

    @Test
    void shortNamesAndListsReadAsBefore() {
        assertThat(CsvMessages.list(List.of("email", "name"))).isEqualTo("[email, name]");
        assertThat(CsvMessages.list(List.of())).isEqualTo("[]");
        assertThat(CsvMessages.name("x".repeat(60))).isEqualTo("x".repeat(60));
        // a character outside the BMP at the cut is not split in two
        String emoji = "x".repeat(59) + "\uD83D\uDE00" + "tail";
        assertThat(CsvMessages.name(emoji)).startsWith("x".repeat(59) + "…");
    }
}
