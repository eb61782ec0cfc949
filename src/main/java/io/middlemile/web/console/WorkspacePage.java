package io.middlemile.web.console;

import io.middlemile.web.WorkspaceCheck;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The workspace's files and their validation, exactly as {@code middlemile validate} checks them, read from disk on every
 * visit. Read only: configuration stays in git, and a change reaches the engine through a pull request and a restart.
 */
@Controller
class WorkspacePage {

    private final WorkspaceCheck workspace;

    WorkspacePage(WorkspaceCheck workspace) {
        this.workspace = workspace;
    }

    @GetMapping("/console/workspace")
    String page(Model model) {
        model.addAttribute("validation", workspace.validate());
        return "console/workspace";
    }
}
