package io.middlemile.outreach;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A note is filled from canonical fields; a missing value or a note too long is a per-record rejection, never "Hi ,". */
class NoteTemplateTest {

    private final NoteTemplate template = new NoteTemplate("Hi {firstName}, I saw {companyName} is hiring {title}s. {curly} stays");

    @Test
    void fillsEveryPlaceholderAndKeepsOtherBraces() {
        NoteTemplate.Note note = template.fill(Map.of("firstName", " Jane ", "companyName", "Acme $1 \\ Co", "title", "SDR",
                "curly", "x"), 300);

        assertThat(note.ok()).isTrue();
        assertThat(note.text()).isEqualTo("Hi Jane, I saw Acme $1 \\ Co is hiring SDRs. x stays");
        assertThat(new NoteTemplate("Hi {firstName} {not a placeholder}").fill(Map.of("firstName", "Jo"), 300).text())
                .isEqualTo("Hi Jo {not a placeholder}");
        assertThat(template.fields()).containsExactly("firstName", "companyName", "title", "curly");
    }

    @Test
    void aMissingOrBlankValueRejectsTheRecordNamingTheFields() {
        Map<String, Object> record = new HashMap<>();
        record.put("firstName", "  ");
        record.put("companyName", "Acme");
        record.put("title", null);
        record.put("curly", List.of());

        NoteTemplate.Note note = template.fill(record, 300);

        assertThat(note.ok()).isFalse();
        assertThat(note.text()).isNull();
        assertThat(note.kind()).isEqualTo("invitation note lacks firstName, title, curly");
        assertThat(note.rejection()).isEqualTo("the invitation note needs firstName and title and curly, which this record has no value"
                + " for; fill it in the CRM or take the placeholder out of the note");
    }

    @Test
    void aNoteLongerThanTheAccountTakesIsRejectedNotCut() {
        NoteTemplate note = new NoteTemplate("Hi {firstName}, " + "x".repeat(190));
        Map<String, Object> record = Map.of("firstName", "Maximiliane");

        assertThat(note.fill(record, LinkedInAccount.PREMIUM_NOTE_LIMIT).text()).hasSize(206);
        NoteTemplate.Note free = note.fill(record, LinkedInAccount.FREE_NOTE_LIMIT);
        assertThat(free.ok()).isFalse();
        assertThat(free.kind()).isEqualTo("invitation note too long");
        assertThat(free.rejection()).startsWith("the invitation note is 206 characters with this record's values; the account takes at"
                + " most 200 (300 premium, 200 free), so it was not sent rather than cut");
    }

    @Test
    void aFollowUpMessageIsRejectedUnderItsOwnNameAndLinkedInsMessageLimit() {
        NoteTemplate message = NoteTemplate.message("Thanks for connecting, {firstName}! {companyName}");

        assertThat(message.fill(Map.of("firstName", "Jo", "companyName", "Acme"), NoteTemplate.MESSAGE_LIMIT).text())
                .isEqualTo("Thanks for connecting, Jo! Acme");
        NoteTemplate.Note missing = message.fill(Map.of("firstName", "Jo"), NoteTemplate.MESSAGE_LIMIT);
        assertThat(missing.kind()).isEqualTo("message lacks companyName");
        assertThat(missing.rejection()).endsWith("take the placeholder out of the message");
        NoteTemplate.Note tooLong = message.fill(Map.of("firstName", "Jo", "companyName", "x".repeat(8_000)), NoteTemplate.MESSAGE_LIMIT);
        assertThat(tooLong.ok()).isFalse();
        assertThat(tooLong.kind()).isEqualTo("message too long");
        assertThat(tooLong.rejection()).contains("LinkedIn takes at most 8000").contains("shorten linkedin.message.text");
    }
}
