package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Cursor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SoqlAndCursorTest {

    @Test
    void quotesAndEscapesLiterals() {
        assertThat(Soql.string("Bob's \\ BBQ\n")).isEqualTo("'Bob\\'s \\\\ BBQ\\n'");
        assertThat(Soql.dateTime(Instant.parse("2024-03-01T09:00:00.789Z"))).isEqualTo("2024-03-01T09:00:00Z");
        assertThat(Soql.inList(List.of("a", "b'c"))).isEqualTo("('a', 'b\\'c')");
        assertThat(Soql.isRecordId("003Dn0000001001AAA")).isTrue();
        assertThat(Soql.isRecordId("003Dn0000001001")).isTrue();
        assertThat(Soql.isRecordId("someone@example.com")).isFalse();
        assertThat(Soql.isRecordId("replay-1")).isFalse();
    }

    @Test
    void cursorRoundTripsAndRejectsForeignValues() {
        SalesforceCursor cursor = new SalesforceCursor(Instant.parse("2024-03-01T09:00:00Z"), "003Dn0000001001AAA");
        assertThat(SalesforceCursor.parse(cursor.toCursor(), "c", "Contact")).isEqualTo(cursor);
        assertThat(SalesforceCursor.parse(Cursor.START, "c", "Contact").isStart()).isTrue();
        assertThatThrownBy(() -> SalesforceCursor.parse(new Cursor("{\"after\":\"100\"}"), "c", "Contact"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.INVALID_REQUEST));
    }

    @Test
    void readsTheLimitInfoHeader() {
        assertThat(ApiUsage.parse("api-usage=10018/100000")).isEqualTo(new ApiUsage(10018, 100000));
        assertThat(ApiUsage.parse("api-usage=10018/100000").remaining()).isEqualTo(89982);
        assertThat(ApiUsage.parse(null).known()).isFalse();
    }

    @Test
    void incrementalQueryUsesTheTimestampAndIdTieBreak() {
        SalesforceChangeReader reader = new SalesforceChangeReader("c", "Lead", "SystemModstamp", List.of("Id", "SystemModstamp"), null);
        assertThat(reader.soql(new SalesforceCursor(Instant.parse("2024-03-01T09:00:00Z"), "00QDn0000001001AAA"), 50))
                .isEqualTo("SELECT Id, SystemModstamp FROM Lead WHERE SystemModstamp > 2024-03-01T09:00:00Z OR (SystemModstamp = "
                        + "2024-03-01T09:00:00Z AND Id > '00QDn0000001001AAA') ORDER BY SystemModstamp ASC, Id ASC LIMIT 50");
        assertThat(reader.soql(SalesforceCursor.START, 10)).isEqualTo("SELECT Id, SystemModstamp FROM Lead ORDER BY SystemModstamp ASC, Id ASC LIMIT 10");
    }
}
