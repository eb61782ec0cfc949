package io.middlemile.outreach;

import io.middlemile.workspace.OutreachConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * An invitation note with {@code {field}} placeholders naming canonical person fields ("Hi {firstName}, ..."), filled
 * per record. A record without a value for a placeholder is rejected with the fields it lacks, never sent as
 * "Hi ,"; a filled note longer than the account takes is rejected too, never cut. Length is counted in UTF-16 units,
 * as LinkedIn's own counter does, so an emoji counts 2. Braces that are not a placeholder are kept as written.
 */
public final class NoteTemplate {

    private final String template;
    private final Set<String> fields;
    /** What the text is, as rejections name it: "invitation note", "message". */
    private final String what;

    /** An invitation note ({@code linkedin.note}). */
    public NoteTemplate(String template) {
        this(template, "invitation note");
    }

    private NoteTemplate(String template, String what) {
        this.template = Objects.requireNonNull(template, "template");
        this.fields = OutreachConfig.LinkedIn.placeholders(template);
        this.what = what;
    }

    /** The message that follows an accepted invitation ({@code linkedin.message.text}); fill it with {@link #MESSAGE_LIMIT}. */
    public static NoteTemplate message(String template) {
        return new NoteTemplate(template, "message");
    }

    /** The longest LinkedIn message ({@link OutreachConfig.Message#LONGEST}). */
    public static final int MESSAGE_LIMIT = OutreachConfig.Message.LONGEST;

    /** The canonical fields the note needs, in order of first use. */
    public Set<String> fields() {
        return fields;
    }

    /**
     * @param record    the record's canonical fields
     * @param maxLength the longest note the sending account takes ({@link LinkedInAccount#noteLimit()})
     */
    public Note fill(Map<String, Object> record, int maxLength) {
        List<String> missing = new ArrayList<>();
        for (String field : fields) {
            if (text(record.get(field)) == null) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            return Note.rejected(what + " lacks " + String.join(", ", missing),
                    "the " + what + " needs " + String.join(" and ", missing) + ", which this record has no value for;"
                            + " fill it in the CRM or take the placeholder out of the " + (what.equals("message") ? "message" : "note"));
        }
        Matcher matcher = OutreachConfig.LinkedIn.PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(filled, Matcher.quoteReplacement(text(record.get(matcher.group(1)))));
        }
        matcher.appendTail(filled);
        String text = filled.toString();
        if (text.length() > maxLength) {
            return Note.rejected(what + " too long", "the " + what + " is " + text.length() + " characters with this record's values; "
                    + (what.equals("message") ? "LinkedIn takes at most " + maxLength + ", so it will not be sent rather than cut;"
                    + " shorten linkedin.message.text" : "the account takes at most " + maxLength + " (" + LinkedInAccount.PREMIUM_NOTE_LIMIT
                    + " premium, " + LinkedInAccount.FREE_NOTE_LIMIT + " free), so it was not sent rather than cut; shorten the note"));
        }
        return new Note(text, null, null);
    }

    private static String text(Object value) {
        if (value == null || value instanceof Collection<?> list && list.isEmpty()) {
            return null;
        }
        String text = value instanceof Collection<?> list ? String.valueOf(list.iterator().next()) : String.valueOf(value);
        return text.isBlank() ? null : text.strip();
    }

    /**
     * A filled note, or why the record cannot be invited with it.
     *
     * @param text      the note to send; null when rejected
     * @param kind      the kind of rejection, the same for every record it hits (summaries count by it); null when filled
     * @param rejection what is wrong with this record's note, for its per-record outcome; null when filled
     */
    public record Note(String text, String kind, String rejection) {

        static Note rejected(String kind, String rejection) {
            return new Note(null, kind, rejection);
        }

        public boolean ok() {
            return text != null;
        }
    }
}
