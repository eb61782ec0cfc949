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

    @Override
    public int compareTo(ValidationError other) {
        int byFile = file.compareTo(other.file);
        return byFile != 0 ? byFile : Integer.compare(line, other.line);
    }
}
