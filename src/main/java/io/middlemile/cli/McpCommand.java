package io.middlemile.cli;

import io.middlemile.agent.AgentActions;
import io.middlemile.agent.McpGateway;
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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

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
        CountDownLatch closed = new CountDownLatch(1);
        InputStream in = new FilterInputStream(new FileInputStream(FileDescriptor.in)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n < 0) {
                    closed.countDown(); // the agent closed our stdin: it is done with us
                }
                return n;
            }
        };
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace.resolve())) {
            McpSyncServer server = McpGateway.serve(new StdioServerTransportProvider(McpGateway.jsonMapper(), in, protocol),
                    engine.getBean(AgentActions.class), Actor.agent(agent));
            System.err.println("Middlemile agent gateway for agent:" + agent + " on stdio, workspace " + workspace.resolve());
            closed.await();
            server.closeGracefully();
            return 0;
        } finally {
            System.setOut(previous);
        }
    }
}
