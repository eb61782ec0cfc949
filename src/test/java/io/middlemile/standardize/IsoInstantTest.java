package io.middlemile.standardize;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantTest {

    @Test
    void readsTheShapeAsInstantParseDoes() {
        for (String text : new String[] {"2024-03-05T14:07:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
            "2024-02-29T23:59:59Z", "2024-03-05T14:07:00.5Z", "2024-03-05T14:07:00.123Z", "2024-03-05T14:07:00.000001Z",
            "2024-03-05T14:07:00.123456789Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}) {
            assertThat(IsoInstant.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesEveryOtherShapeToTheFullParser() {
        for (String text : new String[] {"2024-03-05 14:07:00Z", "2024-03-05T14:07:00+01:00", "2024-03-05T14:07Z",
            "2024-03-05T14:07:00", "2024-02-30T10:00:00Z", "2023-02-29T10:00:00Z", "2024-13-01T10:00:00Z",
            "2024-03-05T24:00:00Z", "2024-03-05T14:60:00Z", "2024-12-31T23:59:60Z", "2024-03-05T14:07:00.Z",
            "2024-03-05T14:07:00,5Z", "2024-03-05T14:07:00.1234567890Z", "+2024-03-05T14:07:00Z", "2024-O3-05T14:07:00Z",
            "20240305T140700Z", ""}) {
            assertThat(IsoInstant.parse(text)).as(text).isNull();
        }
    }

    @Test
    void aWholeSecondIsAlreadyItsInstantsText() {
        assertThat(IsoInstant.whole("2024-03-05T14:07:00Z")).isTrue();
        assertThat(Instant.parse("2024-03-05T14:07:00Z").toString()).isEqualTo("2024-03-05T14:07:00Z");
        assertThat(IsoInstant.whole("2024-03-05T14:07:00.5Z")).isFalse();
    }
}
