package io.middlemile.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CopyTextTest {

    @Test
    void valuesComeBackAsWrittenWhateverTheirCharacters() {
        List<String> written = Arrays.asList("plain", "Łukasz Żółć", "José", "東京", "rocket 🚀 launch", "tab\there",
                "two\nlines\r", "back\\slash", null, "", "after every other kind");
        CopyText rows = new CopyText();
        written.forEach(rows::value);
        rows.endRow();

        String text = text(rows);

        assertThat(text).endsWith("\n");
        assertThat(CopyText.values(text.substring(0, text.length() - 1))).isEqualTo(written);
    }

    @Test
    void rowsAreTheUtf8BytesTheServerReads() {
        CopyText rows = new CopyText();
        rows.value("Żaneta").value(7).value("🚀").endRow();

        byte[] expected = "Żaneta\t7\t🚀\n".getBytes(StandardCharsets.UTF_8);
        assertThat(rows.length()).isEqualTo(expected.length);
        assertThat(rows.take()).isEqualTo(expected);
        assertThat(rows.isEmpty()).isTrue();
    }

    @Test
    void escapesAndNullsAreCopyTextFormat() {
        CopyText rows = new CopyText();
        rows.value("a\tb\\c").value(null).value("nul\0dropped").endRow();

        assertThat(text(rows)).isEqualTo("a\\tb\\\\c\t\\N\tnuldropped\n");
    }

    @Test
    void aLoneSurrogateIsReplacedNotCorruptingTheRest() {
        CopyText rows = new CopyText();
        rows.value("x\uD800y").value("next").endRow();

        assertThat(text(rows)).isEqualTo("x?y\tnext\n");
    }

    @Test
    void growsPastItsFirstBufferWithoutLosingRows() {
        CopyText rows = new CopyText();
        String value = "ü".repeat(50_000); // 100,000 bytes, more than the first buffer
        rows.value(value).endRow().value("second").endRow();

        assertThat(text(rows)).isEqualTo(value + "\nsecond\n");
    }

    private static String text(CopyText rows) {
        return new String(rows.take(), StandardCharsets.UTF_8);
    }
}
