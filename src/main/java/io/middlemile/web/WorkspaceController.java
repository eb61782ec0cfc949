package io.middlemile.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The workspace's files and their validation over HTTP, as `middlemile validate` prints it (problems with {@code
 * file:line}). Read only, every token's: configuration is changed in git, never through the engine.
 */
@RestController
public class WorkspaceController {

    private final WorkspaceCheck workspace;

    public WorkspaceController(WorkspaceCheck workspace) {
        this.workspace = workspace;
    }

    @GetMapping("/api/workspace/validation")
    public WorkspaceCheck.Validation validation() {
        return workspace.validate();
    }
}
