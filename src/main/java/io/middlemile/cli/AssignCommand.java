package io.middlemile.cli;

import picocli.CommandLine.Command;

/** {@code middlemile assign ...}: owner assignment with the rule sets of {@code assign/}. */
@Command(name = "assign", description = "Owner assignment (lead routing) with the rules of assign/NAME.yaml.",
        subcommands = {AssignSimulateCommand.class, AssignOwnersCommand.class, AssignReassignCommand.class})
class AssignCommand {
}
