package io.middlemile.cli;

import io.middlemile.agent.AgentActions;
import io.middlemile.agent.McpGateway;
import io.middlemile.agent.McpStdio;
import io.middlemile.govern.Actor;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code middlemile mcp --agent NAME}: the agent gateway over stdio for one desktop AI agent, which starts this process
 * itself (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#stdio). Standard output carries
 * the protocol only, so everything the engine logs or prints goes to standard error. The agent's name is given here
 * rather than by a token: whoever can start this process can read the workspace and its store already.
 */
@Command(name = "mcp", description = "Serve the agent gateway (MCP) over stdin/stdout for one desktop AI agent; logs go to stderr."
        + " Its writes are decided by the policies for agent:NAME and journaled under that name.")
class McpCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--agent", required = true, paramLabel = "NAME",
            description = "the agent's name, e.g. hygiene-bot: policies match it as agent:NAME, and the journal records it")
    String agent;

    /** How long the last requests may take to answer once the agent closed stdin (an enrichment's lookups, say). */
    private static final Duration DRAIN = Duration.ofMinutes(2);

    @Override
    public Integer call() throws InterruptedException {
        if (!Actor.validName(agent)) {
            System.err.println("--agent " + agent + ": a name is 1 to 64 letters, digits or @ . _ + - (e.g. hygiene-bot)");
            return 2;
        }
        // the protocol owns the real standard output; anything else printing to System.out lands on stderr
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        PrintStream previous = System.out;
        System.setOut(System.err);
        McpStdio stdio = new McpStdio(new FileInputStream(FileDescriptor.in), protocol, System.err, DRAIN);
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace.resolve())) {
            McpSyncServer server = McpGateway.serve(new StdioServerTransportProvider(McpGateway.jsonMapper(), stdio.input(),
                    stdio.output()), engine.getBean(AgentActions.class), Actor.agent(agent));
            System.err.println("Middlemile agent gateway for agent:" + agent + " on stdio, workspace " + workspace.resolve());
            stdio.awaitEnd(); // the agent closed our stdin and has its answers: it is done with us
            server.closeGracefully();
            return 0;
        } finally {
            System.setOut(previous);
        }
    }
}
