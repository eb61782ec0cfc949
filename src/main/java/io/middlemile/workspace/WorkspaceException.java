package io.middlemile.workspace;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a workspace does not validate; the message lists every error, one per line. */
public class WorkspaceException extends RuntimeException {
    private final List<ValidationError> errors;

    public WorkspaceException(List<ValidationError> errors) {
        super(errors.size() + " problem(s) in the workspace:\n" + errors.stream()
                .map(error -> "  " + error).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
