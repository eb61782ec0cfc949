package io.middlemile.workspace;

/**
 * One problem in a workspace file, printed as {@code file:line: field.path: message}.
 *
 * @param file    path relative to the workspace root, with forward slashes
 * @param line    1-based line, or 0 when the problem is about the whole file
 * @param path    dotted field path inside the file ({@code objects.contacts.fields[2]}), or empty
 * @param message what is wrong, the bad value, and what is expected
 */
public record ValidationError(String file, int line, String path, String message) implements Comparable<ValidationError> {

    static final int MAX_PATH_CHARS = 200;
    static final int MAX_MESSAGE_CHARS = 1_000;

    /**
     * Messages echo keys and values from the file. Control characters among them (an escape sequence could
     * clear a reviewer's terminal or hide other errors) are shown as escapes, and a huge key or value is cut
     * in the middle, so that every error stays one readable line.
     */
    public ValidationError {
        path = printable(path, MAX_PATH_CHARS);
        message = printable(message, MAX_MESSAGE_CHARS);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (path != null && !path.isEmpty()) {
            text.append(path).append(": ");
        }
        return text.append(message).toString();
    }

    static String printable(String text, int maxChars) {
        if (text == null) {
            return null;
        }
        StringBuilder shown = new StringBuilder(Math.min(text.length(), maxChars + 100));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                default -> {
                    // C0/C1 controls, and format characters such as right-to-left overrides and zero-width spaces
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                            || c == '\u2028' || c == '\u2029') {
                        shown.append(String.format("\\u%04x", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        if (shown.length() <= maxChars) {
            return shown.toString();
        }
        // keep the start (which names the value) and the end (which says what is expected)
        int head = maxChars * 2 / 3;
        int tail = maxChars / 4;
        return shown.substring(0, head) + " ... (" + (shown.length() - head - tail) + " characters left out) ... "
                + shown.substring(shown.length() - tail);
    }

    @Override
    public int compareTo(ValidationError other) {
        int byFile = file.compareTo(other.file);
        return byFile != 0 ? byFile : Integer.compare(line, other.line);
    }
}
