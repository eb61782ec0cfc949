package io.middlemile.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MatchIndexStoreTest {

    @Test
    void standardizedValuesAreOnePostgresArrayLiteralWithEveryElementQuoted() {
        assertThat(MatchIndexStore.arrayLiteral(new String[] {"bob@acme.com", null, "", "say \"hi\"", "a\\b", "{x,y}"}))
                .isEqualTo("{\"bob@acme.com\",NULL,\"\",\"say \\\"hi\\\"\",\"a\\\\b\",\"{x,y}\"}");
        assertThat(MatchIndexStore.arrayLiteral(null)).isNull();
    }
}
