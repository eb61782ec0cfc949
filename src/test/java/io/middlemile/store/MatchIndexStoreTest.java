package io.middlemile.store;

import io.middlemile.model.SourceRef;
import io.middlemile.store.MatchIndexStore.IndexRecord;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MatchIndexStoreTest {

    @Test
    void aPartLineGivesBackEveryFieldAndStandardizedValueWhateverTheyHold() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", "bob@acme.com");
        fields.put("title", "VP\tSales\nEMEA");
        fields.put("note", "a\\b \\N");
        fields.put("empty", "");
        String[] standardized = {"bob@acme.com", null, "", "say \"hi\"", "a\\b", "{x,y}", "\\N", "line\r\nbreak"};
        IndexRecord record = new IndexRecord(new SourceRef("hub\tspot", "contacts", "1\\2"), fields, standardized);

        String line = line(record);
        assertThat(line).doesNotContain("\n").doesNotContain("\r");

        IndexRecord asStandardized = MatchIndexStore.Part.read(line, true);
        assertThat(asStandardized.ref()).isEqualTo(record.ref());
        assertThat(asStandardized.standardized()).containsExactly(standardized);
        assertThat(asStandardized.fields()).isNull();

        IndexRecord asFields = MatchIndexStore.Part.read(line, false);
        assertThat(asFields.fields()).containsExactlyEntriesOf(fields);
        assertThat(asFields.standardized()).isNull();
    }

    @Test
    void aRecordWithoutStandardizedValuesComesWithItsFields() {
        IndexRecord record = new IndexRecord(new SourceRef("hubspot", "contacts", "7"), Map.of("email", "ann@acme.com"));

        IndexRecord read = MatchIndexStore.Part.read(line(record), true);

        assertThat(read.fields()).containsExactlyEntriesOf(Map.of("email", "ann@acme.com"));
        assertThat(read.standardized()).isNull();
    }

    private static String line(IndexRecord record) {
        CopyText part = new CopyText();
        MatchIndexStore.Part.write(part, record);
        String text = part.take();
        assertThat(text).endsWith("\n");
        return text.substring(0, text.length() - 1);
    }
}
