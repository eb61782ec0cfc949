package io.middlemile.connector.csv;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowFieldsTest {

    private final RowFields.Columns columns = new RowFields.Columns(new String[] {"Id", "Email", "Last Name"});

    @Test
    void readsLikeTheMapOfTheRowInColumnOrder() {
        RowFields row = new RowFields(columns, new String[] {"7", "ann@acme.com", ""});
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("Id", "7");
        expected.put("Email", "ann@acme.com");
        expected.put("Last Name", "");

        assertThat(row).isEqualTo(expected);
        assertThat(expected).isEqualTo(row);
        assertThat(row.hashCode()).isEqualTo(expected.hashCode());
        assertThat(List.copyOf(row.keySet())).containsExactly("Id", "Email", "Last Name");
        assertThat(row.get("Email")).isEqualTo("ann@acme.com");
        assertThat(row.get("email")).isNull();
        assertThat(row.get(null)).isNull();
        assertThat(row.containsKey("Last Name")).isTrue();
        assertThat(row.containsKey("Phone")).isFalse();
        assertThat(row).hasSize(3);
    }

    @Test
    void isReadOnlyAndHoldsOneValuePerColumn() {
        RowFields row = new RowFields(columns, new String[] {"7", "ann@acme.com", "Smith"});

        assertThatThrownBy(() -> row.put("Phone", "1")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> row.entrySet().iterator().next().setValue("8")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new RowFields(columns, new String[] {"7"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 values for 3 columns");
    }
}
